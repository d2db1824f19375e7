using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// The placement catalog in the control plane's database (<typeparamref name="TControl"/>), creating dedicated
/// databases with the tenant data context's model (<typeparamref name="TData"/>). Writes go through MspHub's own
/// instance of the control context, so nothing the host tracks is saved with them.
/// </summary>
internal sealed class EntityFrameworkPlacementCatalog<TControl, TData>(
    TControl db, PlacementDirectory directory, IPlacementPolicy policy, DedicatedDatabases<TData> dedicated, TimeProvider time) : IPlacementCatalog
    where TControl : DbContext
    where TData : DbContext
{
    public async ValueTask<TenantPlacement> GetAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var placement = await ReadAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return placement.Epoch > 0 || await TenantExistsAsync(tenantId, cancellationToken).ConfigureAwait(false)
            ? placement
            : throw new TenantNotFoundException(tenantId.ToString());
    }

    /// <summary>
    /// The recorded placement, or where a tenant never placed lives, whether or not the tenant exists: what a move's
    /// roll-back needs when the tenant was deleted meanwhile, so that its copy is still removed.
    /// </summary>
    internal async ValueTask<TenantPlacement> ReadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var generation = directory.Generation;
        var row = await db.Set<PlacementRow>().AsNoTracking().FirstOrDefaultAsync(p => p.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
        return directory.Fill(row?.ToPlacement() ?? directory.Unplaced(tenantId), generation);
    }

    public async Task<IReadOnlyList<TenantPlacement>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<PlacementRow>().AsNoTracking().OrderBy(p => p.TenantId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(p => p.ToPlacement());
    }

    /// <summary>Whether a tenant has that id.</summary>
    internal Task<bool> TenantExistsAsync(Guid tenantId, CancellationToken cancellationToken) =>
        db.Set<Tenant>().AnyAsync(t => t.Id == tenantId, cancellationToken);

    public async Task<TenantPlacement> PlaceAsync(Guid tenantId, PlacementKind kind, CancellationToken cancellationToken = default)
    {
        if (!await TenantExistsAsync(tenantId, cancellationToken).ConfigureAwait(false))
        {
            throw new TenantNotFoundException(tenantId.ToString());
        }

        if (await db.Set<PlacementRow>().AnyAsync(p => p.TenantId == tenantId, cancellationToken).ConfigureAwait(false))
        {
            throw new ConflictException("placement", "tenant", tenantId.ToString());
        }

        var counts = await db.Set<PlacementRow>().GroupBy(p => p.Server)
            .Select(g => new { Server = g.Key, Tenants = g.Count(), Dedicated = g.Count(p => p.Database != null) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var loads = directory.Options.Servers
            .Select(s => counts.FirstOrDefault(c => c.Server == s.Name) is { } c ? new PlacementServerLoad(s.Name, c.Tenants, c.Dedicated) : new PlacementServerLoad(s.Name, 0, 0))
            .ToList();
        var server = await policy.ChooseServerAsync(tenantId, kind, loads, cancellationToken).ConfigureAwait(false);
        if (loads.All(l => l.Server != server))
        {
            throw new TenantOperationException($"The placement policy chose server '{server}', which is not configured in MspHubPlacementOptions.Servers.");
        }

        var placement = new TenantPlacement(
            tenantId, server, kind == PlacementKind.Dedicated ? DedicatedDatabases<TData>.NameFor(tenantId) : null, PlacementState.Active, WritesFenced: false, Epoch: 1);
        try
        {
            if (placement.Database is not null)
            {
                await dedicated.CreateAsync(placement, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await dedicated.ReachAsync(server, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is not MspHubException && StoreFailures.IsUnreachable(error))
        {
            throw new StoreConnectionLostException($"placing tenant {tenantId} on placement server '{server}'", duringCommit: false, error);
        }

        try
        {
            await StoreOperation.RunAsync(db.Database, $"placing tenant {tenantId}", lockKey: null, async _ =>
            {
                await OwnContext.SaveAsync(db, own => own.Add(Row(placement)), cancellationToken).ConfigureAwait(false);
                await AnnounceAsync(tenantId, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is DbUpdateException or OperationCanceledException or StoreConnectionLostException { DuringCommit: false })
        {
            if (placement.Database is not null)
            {
                await dedicated.DropAsync(server, placement.Database).ConfigureAwait(false);
            }

            throw error is DbUpdateException ? new ConflictException("placement", "tenant", tenantId.ToString(), error) : error;
        }

        return placement;
    }

    // Holding the tenant's move key, as a mover does for its whole length: the epoch alone would let an operator who read
    // it during a move make the tenant active (and deletable) under a mover that is still copying.
    public async Task<TenantPlacement> SetStateAsync(Guid tenantId, PlacementState state, bool writesFenced, long expectedEpoch, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown placement state.");
        }

        // Only a mover knows where its copy is: a move entered by hand fences the tenant with no mover to end it, and a
        // move left by hand leaves its copy on the target for ever.
        if (state == PlacementState.Moving || writesFenced)
        {
            throw new TenantOperationException(
                $"Only a move makes tenant '{tenantId}' moving or fences its writes: move it with ITenantMover.MoveAsync.");
        }

        void Change(PlacementRow row)
        {
            if (row.State == PlacementState.Moving)
            {
                throw new TenantOperationException(
                    $"Tenant '{tenantId}' is being moved, or a move of it died: end that move with ITenantMover.AbandonAsync (back on its source, "
                    + "its copies removed) or take it over with ITenantMover.MoveAsync, not by setting its state.");
            }

            row.State = state;
        }

        var placement = await GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (placement.Epoch == 0)
        {
            return await ChangeAsync(tenantId, expectedEpoch, recordUnplaced: false, Change, cancellationToken).ConfigureAwait(false); // refused: not placed
        }

        MoveSession claim;
        try
        {
            claim = await MoveSession.ClaimAsync(dedicated.AdminConnectionString(placement), tenantId, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException unreachable) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TenantOperationException(
                $"The database of tenant '{tenantId}' on placement server '{placement.Server}' could not be reached to check that no move of the tenant is under way; the placement was not changed.",
                unreachable);
        }

        await using (claim.ConfigureAwait(false))
        {
            return await ChangeAsync(tenantId, expectedEpoch, recordUnplaced: false, Change, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the tenant's recorded placement under a new epoch, in a transaction that
    /// announces it; refused when the epoch is no longer <paramref name="expectedEpoch"/>. With
    /// <paramref name="recordUnplaced"/>, a tenant never placed (epoch 0) is first recorded where it lives.
    /// </summary>
    internal async Task<TenantPlacement> ChangeAsync(Guid tenantId, long expectedEpoch, bool recordUnplaced, Action<PlacementRow> change, CancellationToken cancellationToken)
    {
        return await StoreOperation.RunAsync(db.Database, $"changing the placement of tenant {tenantId}", lockKey: null, async _ =>
        {
            var own = OwnContext.For(db);
            await using (own.ConfigureAwait(false))
            {
                var row = await own.Set<PlacementRow>().FirstOrDefaultAsync(p => p.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
                if (row is null && recordUnplaced && expectedEpoch == 0)
                {
                    row = Row(directory.Unplaced(tenantId));
                    own.Add(row);
                }

                if (row is null)
                {
                    throw new TenantOperationException($"Tenant '{tenantId}' has no recorded placement; place it first.");
                }

                if (row.Epoch != expectedEpoch)
                {
                    throw ConflictException.ChangedMeanwhile("placement", tenantId.ToString());
                }

                change(row);
                row.Epoch++;
                row.ChangedAt = time.GetUtcNow();
                try
                {
                    await own.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbUpdateException) when (StoreOperation.IsConnectionOpen(own.Database))
                {
                    // Another node advanced the epoch (or recorded the placement) between the read above and this write.
                    throw ConflictException.ChangedMeanwhile("placement", tenantId.ToString());
                }

                await AnnounceAsync(tenantId, cancellationToken).ConfigureAwait(false);
                return row.ToPlacement();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    // Tells every node in the change's own transaction (PostgreSQL delivers it only on commit; other transports get it
    // after the commit), and this node once the transaction ends, whether or not a transport is configured: a route
    // that reads the placement from then on sees the change.
    private async Task AnnounceAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await CacheNotifications.SendAsync(db.Database, [CacheChange.OfPlacement(tenantId)], cancellationToken).ConfigureAwait(false);
        TransactionEndCallbacks.After(db.Database, () => directory.Forget(tenantId));
    }

    private PlacementRow Row(TenantPlacement placement) => new()
    {
        TenantId = placement.TenantId,
        Server = placement.Server,
        Database = placement.Database,
        State = placement.State,
        WritesFenced = placement.WritesFenced,
        Epoch = placement.Epoch,
        ChangedAt = time.GetUtcNow(),
    };
}
