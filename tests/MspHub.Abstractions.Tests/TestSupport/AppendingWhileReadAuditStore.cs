using System.Runtime.CompilerServices;

namespace MspHub.Abstractions.Tests;

/// <summary>
/// The in-memory audit store, with a hook that runs once when a walk starts reading records: what other writers appending
/// to the chain while a verification runs look like to it.
/// </summary>
internal sealed class AppendingWhileReadAuditStore : IAuditStore
{
    private readonly InMemoryAuditStore _inner = new();

    /// <summary>Runs (once) before the next read of records yields anything.</summary>
    public Func<Task>? BeforeNextRead { get; set; }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(
        Guid? tenantId, long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (BeforeNextRead is { } appends)
        {
            BeforeNextRead = null;
            await appends();
        }

        await foreach (var record in _inner.ReadAsync(tenantId, fromSequence, toSequence, cancellationToken))
        {
            yield return record;
        }
    }

    public Task<AuditRecord> AppendAsync(
        AuditRecord draft, Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? checkpoint, CancellationToken cancellationToken = default) =>
        _inner.AppendAsync(draft, checkpoint, cancellationToken);

    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> change, CancellationToken cancellationToken = default) =>
        _inner.InTransactionAsync(change, cancellationToken);

    public Task<AuditChainHead> GetHeadAsync(Guid? tenantId, CancellationToken cancellationToken = default) =>
        _inner.GetHeadAsync(tenantId, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        _inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> QueryByTimeAsync(
        AuditQuery query, (DateTimeOffset OccurredAt, long Sequence)? before, CancellationToken cancellationToken = default) =>
        _inner.QueryByTimeAsync(query, before, cancellationToken);

    public Task<(long First, long Last)?> FindSequencesAsync(
        Guid? tenantId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default) =>
        _inner.FindSequencesAsync(tenantId, since, until, cancellationToken);

    public IAsyncEnumerable<AuditCheckpoint> ReadCheckpointsAsync(
        Guid? tenantId, long fromSequence, long? toSequence, CancellationToken cancellationToken = default) =>
        _inner.ReadCheckpointsAsync(tenantId, fromSequence, toSequence, cancellationToken);

    public Task<IReadOnlyList<Guid?>> ListChainsAsync(CancellationToken cancellationToken = default) => _inner.ListChainsAsync(cancellationToken);

    public Task<long> PruneAsync(Guid? tenantId, long fromSequence, long toSequence, CancellationToken cancellationToken = default) =>
        _inner.PruneAsync(tenantId, fromSequence, toSequence, cancellationToken);
}
