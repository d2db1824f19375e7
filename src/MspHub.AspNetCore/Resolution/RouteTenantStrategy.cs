using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>The tenant named by a route value, for routes such as <c>/t/{tenant}/automs</c>.</summary>
internal sealed class RouteTenantStrategy(string parameter) : ITenantResolutionStrategy<HttpContext>
{
    public string Name => "route";

    public ValueTask<TenantIdentifier> GetIdentifierAsync(HttpContext request, CancellationToken cancellationToken) =>
        new(new TenantIdentifier(request.Request.RouteValues.TryGetValue(parameter, out var value) ? value as string : null));
}
