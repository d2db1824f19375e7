using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>The placement databases of a fleet: what fleet migrations take after the control plane.</summary>
internal interface IPlacementFleet
{
    /// <summary>The configured placement servers' names.</summary>
    IEnumerable<string> Servers { get; }

    /// <summary>Each server's shared database in configuration order, then every dedicated database the catalog records.</summary>
    Task<IReadOnlyList<FleetDatabase>> ListAsync(CancellationToken cancellationToken);

    /// <summary>How to reach <paramref name="database"/> as its server's admin role.</summary>
    string AdminConnectionString(FleetDatabase database);

    /// <summary>Brings <paramref name="database"/> to the data context's latest migration and secures it.</summary>
    Task<FleetMigrationStep> MigrateAsync(FleetDatabase database, CancellationToken cancellationToken);
}

/// <summary>The placement databases of <typeparamref name="TData"/>, migrated the way a dedicated database is created.</summary>
internal sealed class PlacementFleet<TData>(IPlacementCatalog catalog, DedicatedDatabases<TData> databases, PlacementDirectory directory) : IPlacementFleet
    where TData : DbContext
{
    public IEnumerable<string> Servers => directory.Options.Servers.Select(s => s.Name);

    public async Task<IReadOnlyList<FleetDatabase>> ListAsync(CancellationToken cancellationToken)
    {
        var shared = directory.Options.Servers.Select(s => new FleetDatabase(FleetDatabaseKind.Shared, s.Name, databases.SharedDatabase(s.Name)));
        var dedicated = (await catalog.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => p.Database is not null)
            .OrderBy(p => p.Server, StringComparer.Ordinal).ThenBy(p => p.TenantId)
            .Select(p => new FleetDatabase(FleetDatabaseKind.Dedicated, p.Server, p.Database!, p.TenantId));
        return [.. shared, .. dedicated];
    }

    public string AdminConnectionString(FleetDatabase database) => databases.AdminConnectionString(database.Server!, database.Name);

    public Task<FleetMigrationStep> MigrateAsync(FleetDatabase database, CancellationToken cancellationToken) =>
        databases.MigrateAsync(
            new TenantPlacement(
                database.TenantId ?? Guid.Empty, database.Server!, database.Kind == FleetDatabaseKind.Dedicated ? database.Name : null,
                PlacementState.Active, WritesFenced: false, Epoch: 0),
            cancellationToken);
}
