using System.Collections.Concurrent;

namespace MspHub;

/// <summary>
/// The tenant tag values handed out so far: the first <c>limit</c> tenants get their id, later ones the overflow value.
/// A known tenant is one lock-free dictionary read and no allocation; only admitting a new tenant takes the lock, so
/// the limit holds however many threads admit at once.
/// </summary>
internal sealed class TenantTagValues(int limit)
{
    private readonly ConcurrentDictionary<Guid, string> _admitted = new();
    private readonly Lock _admitting = new();

    public string For(Guid tenantId)
    {
        if (_admitted.TryGetValue(tenantId, out var known))
        {
            return known;
        }

        lock (_admitting)
        {
            if (_admitted.TryGetValue(tenantId, out known))
            {
                return known;
            }

            if (_admitted.Count >= limit)
            {
                return MspHubDiagnostics.TenantOverflowValue;
            }

            var value = tenantId.ToString();
            _admitted[tenantId] = value;
            return value;
        }
    }
}
