using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.EntityFramework;

/// <summary>
/// Deleting a placed tenant: its rows go from every tenant-owned table of <typeparamref name="TData"/> in its placement
/// database (dependents first, one transaction, under its own row-level security settings), counted for the deletion
/// report, and a dedicated database is then dropped. Then every other configured database is swept for a copy a move
/// left (one rolled back without removing its copy, taken over, or dead after its flip), so nothing of the tenant
/// outlives its deletion there. The placement row itself goes with the control plane's rows. A tenant in the middle of
/// a move is refused: its rows are in two databases until the move ends.
/// </summary>
internal sealed partial class PlacementTenantEraser<TControl, TData>(
    TControl control,
    PlacementDirectory directory,
    PlacementDataSources dataSources,
    DedicatedDatabases<TData> dedicated,
    TenantCopies<TData> copies,
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
            var swept = new Dictionary<string, int>(StringComparer.Ordinal);   // dropped by an earlier attempt
            await SweepCopiesAsync(tenant, placement, swept, cancellationToken).ConfigureAwait(false);
            return swept;
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

        await SweepCopiesAsync(tenant, placement, rows, cancellationToken).ConfigureAwait(false);
        var removed = rows.Values.Sum();
        LogErased(logger, tenant.Id, removed, placement.Server);
        return rows;
    }

    // Every database a move could have left a copy in: a share of another shared database is deleted as the placement's
    // rows are (as the request role, under row-level security, counted with them), a dedicated database dropped. One that
    // cannot be reached fails the deletion, after its rows are gone from the placement: the tenant stays Deleting, and
    // deleting it again, once that server is back (or out of the configuration), finishes, so a deletion never
    // certifies what it could not check.
    private async Task SweepCopiesAsync(Tenant tenant, TenantPlacement placement, Dictionary<string, int> rows, CancellationToken cancellationToken)
    {
        var unreached = new List<(TenantPlacement Copy, Exception Error)>();
        foreach (var copy in copies.Everywhere(tenant.Id, keep: placement))
        {
            try
            {
                if (copy.Database is null)
                {
                    foreach (var (table, count) in await DeleteRowsAsync(tenant, copy, cancellationToken).ConfigureAwait(false))
                    {
                        rows[table] = rows.GetValueOrDefault(table) + count;
                    }
                }
                else
                {
                    await copies.RemoveAsync(placement, copy, tables: []).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is not (OutOfMemoryException or OperationCanceledException))
            {
                unreached.Add((copy, error));
            }
        }

        if (unreached.Count > 0)
        {
            var where = string.Join(", ", unreached.Select(u => u.Copy.Database is null ? $"the shared database of '{u.Copy.Server}'" : $"'{u.Copy.Database}' on '{u.Copy.Server}'"));
            throw new TenantOperationException(
                $"The rows of tenant '{tenant.Slug}' were deleted from its placement and the tenant stays in Deleting, but {where} could not be checked for a "
                + "copy a move may have left there. Delete the tenant again once the placement server can be reached, or after removing it from the configuration.",
                new AggregateException(unreached.Select(u => u.Error)),
                nothingChanged: false);
        }
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
