namespace MspHub;

/// <summary>
/// Archives and prunes audit records older than <see cref="AuditRetentionOptions.KeepFor"/>, leaving each chain anchored
/// to a signed checkpoint so it still verifies; and archives a whole chain when its tenant is deleted. A host calls
/// <see cref="ApplyAsync"/> from a timer (a <c>BackgroundService</c>, say); MspHub runs nothing on its own.
/// </summary>
public interface IAuditRetention
{
    /// <summary>
    /// For each chain: archives its records 1 (or the first one left) to k, where k is the last record a checkpoint signed
    /// whose records up to it are all older than <see cref="AuditRetentionOptions.KeepFor"/>; then, in one transaction,
    /// records <see cref="AuditActions.AuditPruned"/> (signed at once) and deletes them. <see cref="IAuditLog.VerifyAsync(Guid?, long, long?, CancellationToken)"/>
    /// then starts from that checkpoint. Does nothing while <see cref="AuditRetentionOptions.KeepFor"/> is unset.
    /// </summary>
    /// <returns>The archives written, one per chain pruned.</returns>
    /// <exception cref="AuditRetentionException">
    /// No signing key or no archive is configured; or one or more chains do not verify up to where they would be pruned, or
    /// changed meanwhile: those were not pruned, every other chain was, and the message names each one left.
    /// </exception>
    Task<IReadOnlyList<AuditArchived>> ApplyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Archives a chain's records from its first to its head, pruning nothing: what deleting a tenant does before it
    /// certifies the deletion.
    /// </summary>
    /// <returns>The archive; <see langword="null"/> when no archive is configured or the chain has no records.</returns>
    Task<AuditArchived?> ArchiveChainAsync(Guid? tenantId, CancellationToken cancellationToken = default);
}
