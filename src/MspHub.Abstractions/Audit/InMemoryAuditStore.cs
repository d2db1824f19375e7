using System.Runtime.CompilerServices;

namespace MspHub;

/// <summary>
/// An <see cref="IAuditStore"/> in process memory, for tests and hosts without a database: chains are appended under
/// one lock, so sequence numbers stay gap-free, and are lost when the process ends.
/// </summary>
internal sealed class InMemoryAuditStore : IAuditStore
{
    private readonly Dictionary<Guid, List<AuditRecord>> _chains = [];
    private readonly Dictionary<Guid, List<AuditCheckpoint>> _checkpoints = [];

    public Task<AuditRecord> AppendAsync(
        AuditRecord draft, Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        lock (_chains)
        {
            var chain = Chain(draft.TenantId);
            var head = chain.Count == 0 ? AuditChainHead.Empty(draft.TenantId) : new AuditChainHead(draft.TenantId, chain[^1].Sequence, chain[^1].Hash);
            var record = head.Seal(draft);
            var checkpoints = Checkpoints(draft.TenantId);
            if (checkpoint?.Invoke(record, checkpoints.Count == 0 ? null : checkpoints[^1]) is { } signed)
            {
                checkpoints.Add(signed);
            }

            chain.Add(record);
            return Task.FromResult(record);
        }
    }

    // Memory has no transactions: the change and its record are written one after the other.
    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change(cancellationToken);
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_chains)
        {
            IReadOnlyList<AuditRecord> page =
            [
                .. Chain(query.TenantId).AsEnumerable().Reverse().Where(r => Matches(r, query)).Take(query.PageSize + 1),
            ];
            return Task.FromResult(page);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> QueryByTimeAsync(
        AuditQuery query, (DateTimeOffset OccurredAt, long Sequence)? before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_chains)
        {
            IReadOnlyList<AuditRecord> page =
            [
                .. Chain(query.TenantId)
                    .Where(r => Matches(r, query)
                        && (before is not { } at || r.OccurredAt < at.OccurredAt || (r.OccurredAt == at.OccurredAt && r.Sequence < at.Sequence)))
                    .OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Sequence)
                    .Take(query.PageSize + 1),
            ];
            return Task.FromResult(page);
        }
    }

    private static bool Matches(AuditRecord r, AuditQuery query) =>
        (query.BeforeSequence is null || r.Sequence < query.BeforeSequence)
        && (query.ActorId is null || r.Actor.Id == query.ActorId)
        && (query.Action is null || r.Action == query.Action)
        && (query.TargetType is null || r.TargetType == query.TargetType)
        && (query.TargetId is null || r.TargetId == query.TargetId)
        && (query.From is null || r.OccurredAt >= query.From)
        && (query.To is null || r.OccurredAt < query.To);

    public Task<AuditChainHead> GetHeadAsync(Guid? tenantId, CancellationToken cancellationToken = default)
    {
        lock (_chains)
        {
            var chain = Chain(tenantId);
            return Task.FromResult(chain.Count == 0 ? AuditChainHead.Empty(tenantId) : new AuditChainHead(tenantId, chain[^1].Sequence, chain[^1].Hash));
        }
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(
        Guid? tenantId, long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<AuditRecord> records;
        lock (_chains)
        {
            records = [.. Chain(tenantId).Where(r => r.Sequence >= fromSequence && (toSequence is null || r.Sequence <= toSequence))];
        }

        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<(long First, long Last)?> FindSequencesAsync(Guid? tenantId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        lock (_chains)
        {
            var sequences = Chain(tenantId).Where(r => (since is null || r.OccurredAt >= since) && (until is null || r.OccurredAt < until)).Select(r => r.Sequence).ToList();
            return Task.FromResult<(long, long)?>(sequences.Count == 0 ? null : (sequences.Min(), sequences.Max()));
        }
    }

    public async IAsyncEnumerable<AuditCheckpoint> ReadCheckpointsAsync(
        Guid? tenantId, long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<AuditCheckpoint> checkpoints;
        lock (_chains)
        {
            checkpoints = [.. Checkpoints(tenantId).Where(c => c.ToSequence >= fromSequence && (toSequence is null || c.ToSequence <= toSequence))];
        }

        foreach (var checkpoint in checkpoints)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return checkpoint;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<IReadOnlyList<Guid?>> ListChainsAsync(CancellationToken cancellationToken = default)
    {
        lock (_chains)
        {
            IReadOnlyList<Guid?> chains = [.. _chains.Keys.Select(id => id == Guid.Empty ? (Guid?)null : id)];
            return Task.FromResult(chains);
        }
    }

    public Task<long> PruneAsync(Guid? tenantId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        lock (_chains)
        {
            return Task.FromResult((long)Chain(tenantId).RemoveAll(r => r.Sequence >= fromSequence && r.Sequence <= toSequence));
        }
    }

    private List<AuditCheckpoint> Checkpoints(Guid? tenantId)
    {
        var key = tenantId ?? Guid.Empty;
        if (!_checkpoints.TryGetValue(key, out var checkpoints))
        {
            checkpoints = [];
            _checkpoints[key] = checkpoints;
        }

        return checkpoints;
    }

    private List<AuditRecord> Chain(Guid? tenantId)
    {
        var key = tenantId ?? Guid.Empty;
        if (!_chains.TryGetValue(key, out var chain))
        {
            chain = [];
            _chains[key] = chain;
        }

        return chain;
    }
}
