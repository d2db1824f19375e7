using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The tenant named by a request header. A header sent twice, or holding a comma-separated list (which HTTP
/// reads as the same thing), names each of its values: the first one resolves, and <c>UseMspHub</c> refuses the
/// request as conflicting when another names a different tenant. The identifiers are slices of the header's own
/// text, so nothing is allocated.
/// </summary>
internal sealed class HeaderTenantStrategy(string headerName) : ITenantResolutionStrategy<HttpContext>
{
    public string Name => "header";

    public ValueTask<TenantIdentifier> GetIdentifierAsync(HttpContext request, CancellationToken cancellationToken)
    {
        foreach (var value in request.Request.Headers[headerName])
        {
            var rest = value.AsMemory();
            if (Next(ref rest) is { IsEmpty: false } first)
            {
                return new(new TenantIdentifier(first));
            }
        }

        return new(TenantIdentifier.None);
    }

    /// <summary>
    /// Whether every identifier the header holds after its first names <paramref name="tenant"/>; true when it holds at
    /// most one. The first is the one <see cref="GetIdentifierAsync"/> gives, which resolved the tenant or is compared
    /// with it like any other strategy's, so it is not read twice on every request.
    /// </summary>
    public bool LaterIdentifiersName(HttpContext request, Tenant tenant)
    {
        var first = true;
        foreach (var value in request.Request.Headers[headerName])
        {
            var rest = value.AsMemory();
            while (Next(ref rest) is { IsEmpty: false } identifier)
            {
                if (!first && !TenantNaming.Names(identifier.Span, tenant))
                {
                    return false;
                }

                first = false;
            }
        }

        return true;
    }

    // The next non-empty item of a comma-separated list, trimmed; empty once the list is used up.
    private static ReadOnlyMemory<char> Next(ref ReadOnlyMemory<char> rest)
    {
        while (!rest.IsEmpty)
        {
            var comma = rest.Span.IndexOf(',');
            var item = (comma < 0 ? rest : rest[..comma]).Trim();
            rest = comma < 0 ? ReadOnlyMemory<char>.Empty : rest[(comma + 1)..];
            if (!item.IsEmpty)
            {
                return item;
            }
        }

        return ReadOnlyMemory<char>.Empty;
    }
}
