using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The tenant named by the last segment of the request's path base: the prefix a reverse proxy or
/// <c>UsePathBase</c> strips before routing, as in <c>https://hub.example.com/acme/...</c>.
/// </summary>
internal sealed class PathBaseTenantStrategy : ITenantResolutionStrategy<HttpContext>
{
    public string Name => "path-base";

    public ValueTask<TenantIdentifier> GetIdentifierAsync(HttpContext request, CancellationToken cancellationToken)
    {
        var pathBase = request.Request.PathBase.Value;
        if (string.IsNullOrEmpty(pathBase))
        {
            return new(TenantIdentifier.None);
        }

        var trimmed = pathBase.AsMemory().TrimEnd('/');
        var start = trimmed.Span.LastIndexOf('/') + 1;
        return new(new TenantIdentifier(trimmed[start..]));
    }
}
