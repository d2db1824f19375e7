namespace MspHub.EntityFramework;

/// <summary>
/// Applies the host's EF Core migrations to every database of the fleet: the control plane with the control context's
/// migrations, then each placement server's shared database and every dedicated tenant database with the tenant data
/// context's, each followed by row-level security and the request role's grants, as placing a dedicated database does.
/// Without placements the fleet is the one database of <c>AddEntityFrameworkStores</c>.
/// </summary>
public interface IFleetMigrator
{
    /// <summary>Every database of the fleet, in the order a migration takes them: the control plane, shared databases by server, then dedicated ones.</summary>
    /// <param name="cancellationToken">Cancels reading the placement catalog.</param>
    Task<IReadOnlyList<FleetDatabase>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Migrates the fleet in waves (<see cref="FleetMigrationOptions.WaveSize"/>): the control plane alone first, then
    /// the data databases. Resumable: a database already at the latest migration is left alone, so running it again
    /// after a failure continues where the last run stopped. One node at a time per database: a database whose
    /// advisory lock (<see cref="FleetMigrationOptions.AdvisoryLockKey"/>) another node holds is reported
    /// <see cref="FleetMigrationOutcome.Locked"/>. Failures are reported per database, not thrown; when the control
    /// plane fails (and <see cref="FleetMigrationOptions.ContinueAfterFailure"/> is off), the run stops before reading
    /// the catalog and returns the control plane's status alone.
    /// </summary>
    /// <param name="options">Wave size, whether to go on after a failure, which servers; the defaults when null.</param>
    /// <param name="progress">Told each database's status as it finishes, for a progress display.</param>
    /// <param name="cancellationToken">Stops the run; a migration under way is cancelled by EF Core and rolled back where the database allows.</param>
    /// <returns>One status per database, in the order of <see cref="ListAsync"/>.</returns>
    /// <exception cref="TenantOperationException">The options name a server that is not configured, or a wave size out of range.</exception>
    Task<IReadOnlyList<FleetDatabaseStatus>> MigrateAsync(
        FleetMigrationOptions? options = null, IProgress<FleetDatabaseStatus>? progress = null, CancellationToken cancellationToken = default);
}
