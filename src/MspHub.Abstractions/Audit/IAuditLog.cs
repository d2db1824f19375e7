namespace MspHub;

/// <summary>
/// The one way MspHub and hosts record security-relevant actions, and check that what was recorded is intact. A
/// record joins the caller's database transaction when there is one (MspHub.EntityFramework), so it commits or rolls
/// back with the change it describes, and it is appended to a hash chain: the tenant's, or the MSP-level chain.
/// </summary>
/// <remarks>
/// Refusals are aggregated so a flood cannot bloat the log: the first refusal of a kind (same chain, actor, action
/// and target) in a one-minute window is recorded, later ones in that window are only counted, and the next recorded
/// refusal of that kind carries the count in its <c>suppressed</c> detail. Each recorded action is also reported to
/// every <see cref="IAuditHook"/>.
/// </remarks>
public interface IAuditLog
{
    /// <summary>
    /// Records <paramref name="entry"/>, stamped with the time, the actor (when the entry names none), and the
    /// current trace; in the caller's transaction when there is one.
    /// </summary>
    /// <returns>The record as stored; <see langword="null"/> for a refusal counted into a later record (see remarks).</returns>
    /// <exception cref="InvalidAuditEntryException">The entry is malformed or its detail names a secret.</exception>
    Task<AuditRecord?> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="change"/> and records what <paramref name="describe"/> says of its result in one
    /// transaction (the caller's when one is open, see <see cref="IAuditStore.InTransactionAsync"/>), so the change
    /// and its record commit or roll back together; for changes made through MspHub's stores, which join it.
    /// </summary>
    /// <param name="change">The change.</param>
    /// <param name="describe">The record of the change's result; <see langword="null"/> when it changed nothing worth recording.</param>
    /// <param name="cancellationToken">Cancels both; the transaction rolls back.</param>
    /// <returns>What <paramref name="change"/> returned.</returns>
    Task<T> RecordAsync<T>(Func<CancellationToken, Task<T>> change, Func<T, AuditEntry?> describe, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks a chain (a tenant's, or the MSP-level chain for <see langword="null"/>) over a range of sequence numbers
    /// and reports the first record that breaks it and why. Every checkpoint of the chain is checked too: its signature
    /// (with the keys of <see cref="AuditCheckpointOptions"/>), its link to the checkpoint before it, and, in the range,
    /// the head hash it signed. Checking to the end also compares the last record with the stored chain head and the
    /// last checkpoint, so a removed tail is found, with or without its head.
    /// </summary>
    /// <param name="tenantId">The chain.</param>
    /// <param name="fromSequence">The first record to check; from the middle, the record before it is trusted.</param>
    /// <param name="toSequence">The last record to check; <see langword="null"/>: to the end of the chain.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range starts after the chain's last record, or lies in records retention archived and pruned.</exception>
    Task<AuditVerification> VerifyAsync(Guid? tenantId, long fromSequence = 1, long? toSequence = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks a whole chain like <see cref="VerifyAsync(Guid?, long, long?, CancellationToken)"/>, for a reader who may
    /// read it (the readers of <see cref="QueryAsync(AuditQuery, AuditReader, CancellationToken)"/>): verifying tells
    /// how long a chain is and when it was written to, which is the chain's readers' business only.
    /// </summary>
    /// <exception cref="AuditAccessDeniedException">The reader may not read that chain.</exception>
    Task<AuditVerification> VerifyAsync(Guid? tenantId, AuditReader reader, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks part of a chain like <see cref="VerifyAsync(Guid?, long, long?, CancellationToken)"/>, for a reader who may
    /// read it, over a range by sequence number or by time. A time range checks the run of records stamped in it (none:
    /// nothing to check, intact); a range open at its end checks to the chain's end, with the stored head, the last
    /// checkpoint and the unsigned tail.
    /// </summary>
    /// <exception cref="AuditAccessDeniedException">The reader may not read that chain.</exception>
    /// <exception cref="ArgumentException">The range is not one (<see cref="AuditRange.Problem"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range starts after the chain's last record, or lies in records retention archived and pruned.</exception>
    Task<AuditVerification> VerifyAsync(Guid? tenantId, AuditReader reader, AuditRange range, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one chain newest first, for <paramref name="reader"/>: an MSP admin reads any chain; any other user only
    /// the chain of the active tenant (<see cref="ITenancy.Current"/>), and only with
    /// <see cref="MspHubOptions.AuditPermission"/> there, which tenant admins and technicians granted it hold; an API key
    /// only its own tenant's chain, and only holding that permission. A query naming another tenant, or
    /// the MSP-level chain, is refused however the filter was built.
    /// </summary>
    /// <exception cref="AuditAccessDeniedException">The reader may not read that chain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to <see cref="AuditQuery.MaxPageSize"/>, or <see cref="AuditQuery.To"/> is before <see cref="AuditQuery.From"/>.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, AuditReader reader, CancellationToken cancellationToken = default);

    /// <summary>Reads one chain for the signed-in user <paramref name="readerUserId"/>: <see cref="QueryAsync(AuditQuery, AuditReader, CancellationToken)"/> with <see cref="AuditReader.User"/>.</summary>
    /// <exception cref="AuditAccessDeniedException">The reader may not read that chain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to <see cref="AuditQuery.MaxPageSize"/>.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, Guid readerUserId, CancellationToken cancellationToken = default) =>
        QueryAsync(query, AuditReader.User(readerUserId), cancellationToken);

    /// <summary>
    /// Reads the chains of a tenant and every tenant under it as one log, newest first, for roll-up reporting (who did
    /// what across a client and its sites). Access is the subtree scope's: <see cref="ITenantHierarchy.GetSubtreeAsync"/>
    /// checks that <paramref name="reader"/> may enter the root and reads the subtree (so a sibling branch or the parent
    /// is refused, and a tenant moved out of the branch is no longer read); then the reader must hold
    /// <see cref="MspHubOptions.AuditPermission"/> at the root, as for reading the root's own chain, unless an MSP admin,
    /// and each tenant below is read only where the reader holds it too.
    /// The search is recorded (<see cref="AuditActions.AuditSubtreeSearched"/>, in the root's chain, with the reader as
    /// actor) before anything is read, as opening a subtree scope is.
    /// </summary>
    /// <exception cref="SubtreeAccessDeniedException">The reader cannot enter the root, or it does not exist.</exception>
    /// <exception cref="AuditAccessDeniedException">The reader lacks the audit permission at the root, or is an API key (which reads only its own tenant's chain).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to <see cref="AuditQuery.MaxPageSize"/>.</exception>
    Task<AuditSubtreePage> QuerySubtreeAsync(AuditSubtreeQuery query, AuditReader reader, CancellationToken cancellationToken = default);

    /// <summary>Reads a subtree's chains for the signed-in user <paramref name="readerUserId"/>: <see cref="QuerySubtreeAsync(AuditSubtreeQuery, AuditReader, CancellationToken)"/> with <see cref="AuditReader.User"/>.</summary>
    /// <exception cref="SubtreeAccessDeniedException">The reader cannot enter the root, or it does not exist.</exception>
    /// <exception cref="AuditAccessDeniedException">The reader lacks the audit permission at the root.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The page size is outside 1 to <see cref="AuditQuery.MaxPageSize"/>.</exception>
    Task<AuditSubtreePage> QuerySubtreeAsync(AuditSubtreeQuery query, Guid readerUserId, CancellationToken cancellationToken = default) =>
        QuerySubtreeAsync(query, AuditReader.User(readerUserId), cancellationToken);

    /// <summary>
    /// Refuses <paramref name="reader"/> unless they may read the chain of <paramref name="tenantId"/> (the MSP-level
    /// chain when <see langword="null"/>): the check <see cref="QueryAsync(AuditQuery, AuditReader, CancellationToken)"/>
    /// and <see cref="ExportAsync(AuditExport, AuditReader, Stream, CancellationToken)"/> make first. Call it before
    /// any work of your own that only a reader should cause (an operation gate's request or notice, say).
    /// </summary>
    /// <exception cref="AuditAccessDeniedException">The reader may not read that chain.</exception>
    Task EnsureMayReadAsync(Guid? tenantId, AuditReader reader, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one chain over a time range to <paramref name="destination"/>, streaming (constant memory, however long
    /// the chain), in <see cref="AuditExport.Format"/>. Exporting is reading: <paramref name="reader"/> may export
    /// exactly the chains <see cref="QueryAsync(AuditQuery, AuditReader, CancellationToken)"/> lets them read. The
    /// export is itself recorded (<see cref="AuditActions.AuditExported"/>, in the exported chain, with the reader as
    /// actor) before the first byte is written.
    /// </summary>
    /// <exception cref="AuditAccessDeniedException">The reader may not read that chain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range ends before it starts.</exception>
    Task<AuditExportSummary> ExportAsync(AuditExport request, AuditReader reader, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Exports one chain for the signed-in user <paramref name="readerUserId"/>: <see cref="ExportAsync(AuditExport, AuditReader, Stream, CancellationToken)"/> with <see cref="AuditReader.User"/>.</summary>
    /// <exception cref="AuditAccessDeniedException">The reader may not read that chain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The range ends before it starts.</exception>
    Task<AuditExportSummary> ExportAsync(AuditExport request, Guid readerUserId, Stream destination, CancellationToken cancellationToken = default) =>
        ExportAsync(request, AuditReader.User(readerUserId), destination, cancellationToken);

    /// <summary>
    /// Waits until the records MspHub queued from synchronous code (cross-tenant scopes opened through
    /// <see cref="ITenancy.BeginCrossTenantScope"/>) are written. Call it before a host stops.
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
