using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// A tenant's rows outside its placement: a move that failed, was taken over, or died after its flip can leave a copy in
/// any configured database (a dedicated one named for the tenant, or its share of a server's shared one), and nothing
/// routes there. One place finds and removes such copies, for moves (what they copied) and for deletion (whatever any
/// move left), so a deleted tenant leaves no rows behind in a database it once moved through.
/// </summary>
internal sealed class TenantCopies<TData>(PlacementDirectory directory, DedicatedDatabases<TData> databases)
    where TData : DbContext
{
    /// <summary>The tenant-owned tables of the data context, parents first.</summary>
    public IReadOnlyList<MoveTable> Plan()
    {
        using var data = databases.CreateContext();
        return MoveTable.Plan(data);
    }

    /// <summary>Every configured database that may hold a copy of the tenant's rows, except <paramref name="keep"/>.</summary>
    public IEnumerable<TenantPlacement> Everywhere(Guid tenantId, TenantPlacement? keep)
    {
        foreach (var server in directory.Options.Servers)
        {
            foreach (var database in new[] { DedicatedDatabases<TData>.NameFor(tenantId), null })
            {
                if (keep is null || keep.Server != server.Name || keep.Database != database)
                {
                    yield return new TenantPlacement(tenantId, server.Name, database, PlacementState.Active, false, 0);
                }
            }
        }
    }

    /// <summary>
    /// Removes the tenant's rows from <paramref name="copy"/>, a database it is not placed in: drops a dedicated one,
    /// empties its share of a shared one. A database that is the placement's under another server name is left alone.
    /// </summary>
    public async Task RemoveAsync(TenantPlacement placed, TenantPlacement copy, IReadOnlyList<MoveTable> tables)
    {
        if (await databases.SameDatabaseAsync(placed, copy, CancellationToken.None).ConfigureAwait(false))
        {
            return;
        }

        if (copy.Database is not null)
        {
            await DropIfThereAsync(copy).ConfigureAwait(false);
            return;
        }

        var session = await MoveSession.OpenAsync(databases.AdminConnectionString(copy), copy.TenantId, CancellationToken.None).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await DeleteAllAsync(session, tables, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Drops <paramref name="copy"/>, a dedicated database named for the tenant where it is not placed, if it exists; one
    /// that is the placement's under another server name is left alone.
    /// </summary>
    public async Task DropAsync(TenantPlacement placed, TenantPlacement copy)
    {
        if (!await databases.SameDatabaseAsync(placed, copy, CancellationToken.None).ConfigureAwait(false))
        {
            await DropIfThereAsync(copy).ConfigureAwait(false);
        }
    }

    private async Task DropIfThereAsync(TenantPlacement copy)
    {
        if (await databases.ExistsAsync(copy.Server, copy.Database!, CancellationToken.None).ConfigureAwait(false))
        {
            await databases.DropAsync(copy.Server, copy.Database!).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the tenant's rows from every table, children first, on a session set for the tenant.</summary>
    public static async Task DeleteAllAsync(MoveSession session, IReadOnlyList<MoveTable> tables, CancellationToken cancellationToken)
    {
        for (var i = tables.Count - 1; i >= 0; i--)
        {
            await session.ExecuteAsync(tables[i].DeleteTenant, cancellationToken).ConfigureAwait(false);
        }
    }
}
