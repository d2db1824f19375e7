namespace MspHub;

/// <summary>
/// Where audit records are kept: MspHub's in-memory store, or MspHub.EntityFramework's table in the host database.
/// Hosts record and verify through <see cref="IAuditLog"/>; a store only places records in their chain and reads
/// them back.
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Appends <paramref name="draft"/> to its chain: locks the chain head, places the record after it
    /// (<see cref="AuditChainHead.Seal"/>) and saves the record and the new head, in the caller's transaction when
    /// there is one, so the record commits or rolls back with the change it describes.
    /// </summary>
    /// <param name="draft">The record to place.</param>
    /// <param name="checkpoint">
    /// Called with the chain still locked, with the placed record and the chain's last checkpoint (or
    /// <see langword="null"/>); a checkpoint it returns is saved in the same transaction as the record.
    /// <see langword="null"/> when checkpoints are not signed.
    /// </param>
    /// <param name="cancellationToken">Stops the append.</param>
    /// <returns>The record as stored, with its sequence number and hashes.</returns>
    Task<AuditRecord> AppendAsync(AuditRecord draft, Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? checkpoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="change"/> and the records it appends in one transaction: the caller's when one is open,
    /// otherwise one of its own that commits when <paramref name="change"/> returns. MspHub's managers write a change
    /// and its record through it, so neither exists without the other; a store without transactions just runs it.
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> change, CancellationToken cancellationToken = default);

    /// <summary>The chain's head as stored; <see cref="AuditChainHead.Empty"/> for a chain with no records.</summary>
    Task<AuditChainHead> GetHeadAsync(Guid? tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the chain <see cref="AuditQuery.TenantId"/> names, filtered as the query says, by descending sequence
    /// number, with one record more than the page size when there are more (so the caller knows a next page exists).
    /// Access has been checked by the caller.
    /// </summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the chain <see cref="AuditQuery.TenantId"/> names, filtered as the query says, by descending time and
    /// then descending sequence number (a record appended late can carry an earlier time than the one before it), from
    /// just before <paramref name="before"/>: records older than its time, or as old with a lower sequence number. One
    /// record more than the page size when there are more. A subtree search merges such pages of every chain in the
    /// subtree (<see cref="IAuditLog.QuerySubtreeAsync(AuditSubtreeQuery, AuditReader, CancellationToken)"/>); access has
    /// been checked by the caller.
    /// </summary>
    /// <param name="query">The chain, the filters and the page size.</param>
    /// <param name="before">Where the page starts; <see langword="null"/>: at the newest record.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    Task<IReadOnlyList<AuditRecord>> QueryByTimeAsync(AuditQuery query, (DateTimeOffset OccurredAt, long Sequence)? before, CancellationToken cancellationToken = default);

    /// <summary>
    /// The lowest and highest sequence numbers of the chain's records stamped from <paramref name="since"/> (inclusive) to
    /// <paramref name="until"/> (exclusive), either open; <see langword="null"/> when there are none: what the table holds. An
    /// export reads the run between them, widened to where the head and checkpoints say the chain runs, so it is a
    /// contiguous piece of the chain and records deleted at its edges show.
    /// </summary>
    Task<(long First, long Last)?> FindSequencesAsync(Guid? tenantId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default);

    /// <summary>The chain's records from <paramref name="fromSequence"/> to <paramref name="toSequence"/> (inclusive; <see langword="null"/>: to the end), in sequence order, as stored.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(Guid? tenantId, long fromSequence, long? toSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// The chain's checkpoints whose last record (<see cref="AuditCheckpoint.ToSequence"/>) lies from
    /// <paramref name="fromSequence"/> to <paramref name="toSequence"/> (inclusive; <see langword="null"/>: to the end),
    /// by number, as stored.
    /// </summary>
    IAsyncEnumerable<AuditCheckpoint> ReadCheckpointsAsync(Guid? tenantId, long fromSequence, long? toSequence, CancellationToken cancellationToken = default);

    /// <summary>The chains that have a head: every tenant's that was ever written, and the MSP-level chain (<see langword="null"/>). Retention walks them.</summary>
    Task<IReadOnlyList<Guid?>> ListChainsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the chain's records from <paramref name="fromSequence"/> to <paramref name="toSequence"/> (inclusive), in the
    /// caller's transaction when there is one; checkpoints and the head stay. Retention calls it after archiving them and
    /// recording <see cref="AuditActions.AuditPruned"/> in the same transaction.
    /// </summary>
    /// <returns>How many records were deleted.</returns>
    Task<long> PruneAsync(Guid? tenantId, long fromSequence, long toSequence, CancellationToken cancellationToken = default);
}
