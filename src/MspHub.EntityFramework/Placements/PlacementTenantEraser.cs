using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.EntityFramework;

/// <summary>
/// Deleting a placed tenant: its rows go from every tenant-owned table of <typeparamref name="TData"/> in its placement
/// database (dependents first, one transaction, under its own row-level security settings), counted for the deletion
/// report, and a dedicated database is then dropped. The placement row itself goes with the control plane's rows.
/// A tenant in the middle of a move is refused: its rows are in two databases until the move ends.
/// </summary>
internal sealed partial class PlacementTenantEraser<TControl, TData>(
    TControl control,
    PlacementDirectory directory,
    PlacementDataSources dataSources,
    DedicatedDatabases<TData> dedicated,
    IServiceProvider services,
    ILogger<PlacementTenantEraser<TControl, TData>> logger) : ITenantDataEraser
    where TControl : DbContext
    where TData : DbContext
{
    public Task RefuseUnlessErasableAsync(Tenant tenant, CancellationToken cancellationToken) => PlacementOfAsync(tenant, cancellationToken);

    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var placement = await PlacementOfAsync(tenant, cancellationToken).ConfigureAwait(false);
        if (placement.Database is { } database && !await dedicated.ExistsAsync(placement.Server, database, cancellationToken).ConfigureAwait(false))
        {
            return new Dictionary<string, int>(StringComparer.Ordinal);   // dropped by an earlier attempt
        }

        var rows = await DeleteRowsAsync(tenant, placement, cancellationToken).ConfigureAwait(false);
        if (placement.Database is { } dropped)
        {
            try
            {
                await dedicated.DropAsync(placement.Server, dropped).ConfigureAwait(false);
            }
            catch (TenantOperationException refused)
            {
                // The rows are gone and the tenant is fenced as Deleting: saying nothing changed would hide both.
                throw new TenantOperationException(
                    $"The rows of tenant '{tenant.Slug}' were deleted and the tenant stays in Deleting, but its database '{dropped}' on placement server "
                    + $"'{placement.Server}' could not be dropped: other sessions are connected to it and the admin role may not end them. Grant it "
                    + "pg_signal_backend (GRANT pg_signal_backend TO <admin role>), or end those sessions, then delete the tenant again to finish.",
                    refused,
                    nothingChanged: false);
            }
        }

        var removed = rows.Values.Sum();
        LogErased(logger, tenant.Id, removed, placement.Server);
        return rows;
    }

    // Read from the control plane, not this node's cache; a tenant mid-move has rows in two databases until the move ends.
    private async Task<TenantPlacement> PlacementOfAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var placement = await control.Set<PlacementRow>().AsNoTracking().Where(p => p.TenantId == tenant.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } row ? row.ToPlacement() : directory.Unplaced(tenant.Id);
        return placement.State == PlacementState.Moving
            ? throw new TenantOperationException($"Tenant '{tenant.Slug}' is being moved between databases; finish or abandon the move (ITenantMover) before deleting it.")
            : placement;
    }

    private async Task<Dictionary<string, int>> DeleteRowsAsync(Tenant tenant, TenantPlacement placement, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var connection = dataSources.For(placement with { State = PlacementState.Active, WritesFenced = false }).CreateConnection();
        await using (connection.ConfigureAwait(false))
        {
            var db = ActivatorUtilities.CreateInstance<TData>(services, services.GetRequiredService<DbContextOptions<TData>>());
            await using (db.ConfigureAwait(false))
            {
                db.Database.SetDbConnection(connection, contextOwnsConnection: false);
                PlacementRouter.Pin(db, placement, connection);
                var sql = TableSql.For(db);
                using (StoreScope.For(tenant.Id))
                {
                    await StoreOperation.RunAsync(db.Database, $"deleting tenant '{tenant.Slug}' from placement server '{placement.Server}'", lockKey: null, async _ =>
                    {
                        foreach (var table in TenantDeletion.InDeletionOrder(db.Model))
                        {
                            rows[table.Qualified] = await db.Database.ExecuteSqlRawAsync(sql.DeleteTenantRows(table), [tenant.Id], cancellationToken).ConfigureAwait(false);
                        }
                    }, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return rows;
    }

    [LoggerMessage(EventId = 355, Level = LogLevel.Information, Message = "Deleted {Rows} row(s) of tenant {TenantId} from its placement on server '{Server}'.")]
    private static partial void LogErased(ILogger logger, Guid tenantId, int rows, string server);
}
