namespace MspHub;

/// <summary>
/// Imports and syncs tenants and users from external systems (seed 001): an idempotent upsert keyed by each
/// item's external id, so running the same sync twice changes nothing the second time. The whole batch is
/// one transaction; a dry run does all of it, reports, and keeps nothing. MspHub.EntityFramework implements it.
/// </summary>
public interface ITenantImport
{
    /// <summary>Applies <paramref name="batch"/>, or with <paramref name="dryRun"/> only reports what it would do.</summary>
    /// <exception cref="TenantOperationException">The batch is inconsistent (a duplicate external id, an unknown parent or tenant); nothing was changed.</exception>
    /// <exception cref="InvalidTenantSlugException">A slug breaks a rule; nothing was changed.</exception>
    /// <exception cref="ConflictException">A slug or user name belongs to something the batch does not describe; nothing was changed.</exception>
    Task<ImportReport> ImportAsync(ImportBatch batch, bool dryRun = false, CancellationToken cancellationToken = default);
}
