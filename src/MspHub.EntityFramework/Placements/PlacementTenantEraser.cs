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

    // Holding the tenant's move key throughout, as a mover does: a move that started before the tenant was fenced would
    // otherwise copy its rows to a database the sweep has already passed. A move under way makes this a ConflictException.
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var placement = await PlacementOfAsync(tenant, cancellationToken).ConfigureAwait(false);
        var dedicatedGone = placement.Database is { } database && !await dedicated.ExistsAsync(placement.Server, database, cancellationToken).ConfigureAwait(false);
        var claim = await MoveSession.ClaimAsync(
            dedicated.AdminConnectionString(dedicatedGone ? placement with { Database = null } : placement), tenant.Id, cancellationToken).ConfigureAwait(false);
        await using (claim.ConfigureAwait(false))
        {
            // Read again under the key: a move that ended between the first read and the claim left the tenant elsewhere.
            var held = await PlacementOfAsync(tenant, cancellationToken).ConfigureAwait(false);
            if (held.Server != placement.Server || held.Database != placement.Database)
            {
                throw ConflictException.UnderWay("move", tenant.Id.ToString());
            }

            var rows = dedicatedGone
                ? new Dictionary<string, int>(StringComparer.Ordinal)   // dropped by an earlier attempt
                : await DeleteRowsAsync(tenant, placement, cancellationToken).ConfigureAwait(false);
            if (!dedicatedGone && placement.Database is { } dropped)
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

            await SweepCopiesAsync(tenant, placement, cancellationToken).ConfigureAwait(false);
            var removed = rows.Values.Sum();
            LogErased(logger, tenant.Id, removed, placement.Server);
            return rows;
        }
    }

    // Every database a move could have left a copy in: a share of another shared database is deleted as the placement's
    // rows are (as the request role, under row-level security), a dedicated database dropped. Copies are not the tenant's
    // rows but stale duplicates of some of them, so they are logged, not counted in the deletion report. A database that
    // cannot be checked fails the deletion, after its rows are gone from the placement: the tenant stays Deleting, and
    // deleting it again once that is fixed (or the server is out of the configuration) finishes, so a deletion never
    // certifies what it could not check.
    private async Task SweepCopiesAsync(Tenant tenant, TenantPlacement placement, CancellationToken cancellationToken)
    {
        var failed = new List<(TenantPlacement Copy, Exception Error)>();
        foreach (var copy in copies.Everywhere(tenant.Id, keep: placement))
        {
            try
            {
                if (copy.Database is null)
                {
                    if ((await DeleteRowsAsync(tenant, copy, cancellationToken).ConfigureAwait(false)).Values.Sum() is > 0 and var left)
                    {
                        LogCopyRemoved(logger, tenant.Id, left, $"the shared database of placement server '{copy.Server}'");
                    }
                }
                else
                {
                    await copies.DropAsync(placement, copy).ConfigureAwait(false);
                }
            }
            catch (Exception error) when (error is not (OutOfMemoryException or OperationCanceledException))
            {
                failed.Add((copy, error));
            }
        }

        if (failed.Count > 0)
        {
            var where = string.Join(", ", failed.Select(u => u.Copy.Database is null ? $"the shared database of '{u.Copy.Server}'" : $"'{u.Copy.Database}' on '{u.Copy.Server}'"));
            throw new TenantOperationException(
                $"The rows of tenant '{tenant.Slug}' were deleted from its placement and the tenant stays in Deleting, but {where} could not be checked for a "
                + "copy a move may have left there (the inner exception says why: a server that cannot be reached, say). Delete the tenant again once that is "
                + "fixed, or after removing the placement server from the configuration.",
                new AggregateException(failed.Select(u => u.Error)),
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

    [LoggerMessage(EventId = 359, Level = LogLevel.Warning, Message = "Deleting tenant {TenantId} removed {Rows} row(s) a move had left in {Database}, which no route led to.")]
    private static partial void LogCopyRemoved(ILogger logger, Guid tenantId, int rows, string database);

    [LoggerMessage(EventId = 355, Level = LogLevel.Information, Message = "Deleted {Rows} row(s) of tenant {TenantId} from its placement on server '{Server}'.")]
    private static partial void LogErased(ILogger logger, Guid tenantId, int rows, string server);
}
