using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>The tenant named by a request header; the server already holds its value as a string, so nothing is allocated.</summary>
internal sealed class HeaderTenantStrategy(string headerName) : ITenantResolutionStrategy<HttpContext>
{
    public string Name => "header";

    public ValueTask<TenantIdentifier> GetIdentifierAsync(HttpContext request, CancellationToken cancellationToken) =>
        new(request.Request.Headers.TryGetValue(headerName, out var values) && values.Count > 0
            ? new TenantIdentifier(values[0])
            : TenantIdentifier.None);
}
