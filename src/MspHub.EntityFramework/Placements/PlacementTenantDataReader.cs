using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.EntityFramework;

/// <summary>
/// The tenant summaries' rows over placements: the tenants are grouped by placement database (one control-plane
/// query for their placements), and each database's group is counted on its own <typeparamref name="TData"/>, connected
/// through that database's data source, <see cref="MspHubPlacementOptions.FanOutConcurrency"/> databases at a time.
/// Each database sees only its group's tenant ids, read-only, so row-level security keeps the other tenants of a
/// shared database out even though the caller's scope is cross-tenant. The first database that cannot be reached fails
/// the whole read (the others are cancelled) with a <see cref="StoreConnectionLostException"/> naming it: a summary
/// with some tenants silently at zero would be worse than none.
/// </summary>
internal sealed partial class PlacementTenantDataReader<TControl, TData>(
    TControl control, PlacementDirectory directory, PlacementDataSources dataSources, IServiceProvider services, ILogger<PlacementTenantDataReader<TControl, TData>> logger)
    : ITenantDataReader
    where TControl : DbContext
    where TData : DbContext
{
    public async Task<TenantDataTally> ReadAsync(IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken)
    {
        var groups = await GroupByDatabaseAsync(tenantIds, cancellationToken).ConfigureAwait(false);
        var tallies = new TenantDataTally[groups.Count];
        var fanOut = new ParallelOptions { MaxDegreeOfParallelism = directory.Options.FanOutConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, groups.Count), fanOut, async (i, branch) =>
            tallies[i] = await ReadDatabaseAsync(groups[i].Database, groups[i].TenantIds, branch).ConfigureAwait(false)).ConfigureAwait(false);

        var total = new TenantDataTally();
        foreach (var tally in tallies)
        {
            total.Add(tally);
        }

        return total;
    }

    // Read now from the control plane, not this node's cache: one query for the whole page, and no stale placement.
    private async Task<List<(TenantPlacement Database, IReadOnlyList<Guid> TenantIds)>> GroupByDatabaseAsync(IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken)
    {
        var placed = await control.Set<PlacementRow>().AsNoTracking().Where(p => tenantIds.Contains(p.TenantId))
            .ToDictionaryAsync(p => p.TenantId, p => p.ToPlacement(), cancellationToken).ConfigureAwait(false);

        // Any placement of a database reaches it through its one read-write data source; the reads set their own read-only transaction.
        return [.. tenantIds
            .Select(id => placed.GetValueOrDefault(id) ?? directory.Unplaced(id))
            .GroupBy(p => (p.Server, p.Database))
            .Select(g => (g.First() with { State = PlacementState.Active, WritesFenced = false }, (IReadOnlyList<Guid>)[.. g.Select(p => p.TenantId)]))];
    }

    private async Task<TenantDataTally> ReadDatabaseAsync(TenantPlacement database, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken)
    {
        var where = database.Database is null ? $"the shared database of placement server '{database.Server}'" : $"database '{database.Database}' on placement server '{database.Server}'";
        var connection = dataSources.For(database).CreateConnection();
        await using (connection.ConfigureAwait(false))
        {
            var db = ActivatorUtilities.CreateInstance<TData>(services, services.GetRequiredService<DbContextOptions<TData>>());
            await using (db.ConfigureAwait(false))
            {
                db.Database.SetDbConnection(connection, contextOwnsConnection: false);
                PlacementRouter.Pin(db, database, connection);
                LogReading(logger, tenantIds.Count, where);
                using (StoreScope.ReadOnly(tenantIds))
                {
                    return await StoreOperation.RunAsync(
                        db.Database, $"reading the tenant summaries of {tenantIds.Count} tenant(s) from {where}", () => TenantDataTally.ReadAsync(db, tenantIds, cancellationToken), cancellationToken)
                        .ConfigureAwait(false);
                }
            }
        }
    }

    [LoggerMessage(EventId = 346, Level = LogLevel.Debug, Message = "Counting the rows of {TenantCount} tenant(s) in {Database} for the tenant summaries.")]
    private static partial void LogReading(ILogger logger, int tenantCount, string database);
}
