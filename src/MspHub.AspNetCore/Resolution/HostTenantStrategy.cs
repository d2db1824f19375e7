using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The tenant named by part of the host name, from a template such as <c>{tenant}.hub.example.com</c>.
/// The identifier is a slice of the request's own host text, so nothing is allocated; hosts that do not
/// match the template (another domain, a deeper sub-domain) name no tenant.
/// </summary>
internal sealed class HostTenantStrategy : ITenantResolutionStrategy<HttpContext>
{
    private const string Placeholder = "{tenant}";
    private readonly string _prefix;
    private readonly string _suffix;

    public HostTenantStrategy(string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        var at = template.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0 || template.IndexOf(Placeholder, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"A host template holds '{Placeholder}' exactly once, as in '{{tenant}}.hub.example.com'; '{template}' does not.", nameof(template));
        }

        _prefix = template[..at];
        _suffix = template[(at + Placeholder.Length)..];
    }

    public string Name => "host";

    public ValueTask<TenantIdentifier> GetIdentifierAsync(HttpContext request, CancellationToken cancellationToken)
    {
        var value = request.Request.Host.Value;
        if (string.IsNullOrEmpty(value))
        {
            return new(TenantIdentifier.None);
        }

        var host = value.AsMemory();
        var port = host.Span.LastIndexOf(':');
        if (port >= 0 && host.Span.IndexOf(']') < port)
        {
            host = host[..port];
        }

        var span = host.Span;
        if (span.Length <= _prefix.Length + _suffix.Length
            || !span.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase)
            || !span.EndsWith(_suffix, StringComparison.OrdinalIgnoreCase))
        {
            return new(TenantIdentifier.None);
        }

        var label = host[_prefix.Length..^_suffix.Length];
        return new(label.Span.Contains('.') ? TenantIdentifier.None : new TenantIdentifier(label));
    }
}
