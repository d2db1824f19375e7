using System.Collections.Concurrent;

namespace MspHub.Tests;

/// <summary>An access store holding facts set by the test, counting the look-ups that reach it.</summary>
internal sealed class FactsAccessStore : IAccessStore
{
    private readonly ConcurrentDictionary<(Guid, Guid), AccessFacts> _facts = new();
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public Func<Task>? BeforeAnswer { get; set; }

    public void Set(Guid userId, Guid tenantId, AccessFacts facts) => _facts[(userId, tenantId)] = facts;

    public async ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        var facts = _facts.GetValueOrDefault((userId, tenantId), AccessFacts.Unknown);
        if (BeforeAnswer is { } pause)
        {
            await pause();
        }

        return facts;
    }
}
