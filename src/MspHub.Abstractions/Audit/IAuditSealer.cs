namespace MspHub;

/// <summary>
/// Signs the unsigned tail of quiet chains. An append signs a checkpoint only every
/// <see cref="AuditCheckpointOptions.EveryRecords"/> records or with the first record
/// <see cref="AuditCheckpointOptions.Every"/> after the last checkpoint, so the records written after a chain's last
/// checkpoint stay unsigned until the chain is written again; meanwhile someone who can write the audit tables could
/// remove them together with the head, and nothing would show it. A host calls <see cref="SealQuietChainsAsync"/> from a
/// timer (a <c>BackgroundService</c> running every <see cref="AuditCheckpointOptions.Every"/>, say), so no record stays
/// unsigned much longer than that; MspHub runs nothing on its own.
/// </summary>
public interface IAuditSealer
{
    /// <summary>
    /// For each chain whose oldest record after its last checkpoint is at least <see cref="AuditCheckpointOptions.Every"/>
    /// old, appends <see cref="AuditActions.AuditChainSealed"/>, signed at once, so a checkpoint covers every record of the
    /// chain. Chains of deleted tenants are left alone: their deletion certificate holds their final head. Does nothing
    /// without a checkpoint signing key (<see cref="MspHubBuilderAuditExtensions.AddAuditCheckpoints"/>). Two nodes sealing
    /// at the same moment may both append a seal to a chain; each is valid, so run it on one node to avoid the extra record.
    /// </summary>
    /// <returns>The seal records appended, one per chain sealed.</returns>
    Task<IReadOnlyList<AuditRecord>> SealQuietChainsAsync(CancellationToken cancellationToken = default);
}
