using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.EntityFramework;

/// <summary>
/// This node's view of the placement catalog: each tenant's placement, read from the control plane and kept in the
/// <see cref="PlacementCache"/> for at most <see cref="MspHubPlacementOptions.CacheFor"/>, so routing a context rarely
/// costs a query. A change made through any node's catalog is announced with the cache changes
/// (<see cref="CacheChangeKind.Placement"/>): this node's catalog forgets the entry once its own change ends, and a
/// cross-node transport drops it on every other node when the announcement arrives.
/// </summary>
internal abstract class PlacementDirectory(IOptions<MspHubPlacementOptions> options, PlacementCache cache)
{
    public MspHubPlacementOptions Options => options.Value;

    /// <summary>Changes with every invalidation; read it before reading a placement, for <see cref="Fill"/>.</summary>
    public long Generation => cache.Generation;

    /// <summary>
    /// The tenant's placement. Synchronous because EF Core creates connections synchronously; a miss reads one row
    /// of the control plane.
    /// </summary>
    public TenantPlacement Get(Guid tenantId)
    {
        if (cache.TryGet(tenantId, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        return Fill(Read(tenantId) ?? Unplaced(tenantId), generation);
    }

    /// <inheritdoc cref="Get"/>
    public async ValueTask<TenantPlacement> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(tenantId, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        return Fill(await ReadAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? Unplaced(tenantId), generation);
    }

    /// <summary>Caches <paramref name="placement"/>, read after <paramref name="generation"/>, unless a change was heard since; returns it either way.</summary>
    public TenantPlacement Fill(TenantPlacement placement, long generation)
    {
        cache.Fill(placement, generation);
        return placement;
    }

    /// <summary>Forgets the tenant's entry once this node changed its placement, so its next route reads the change.</summary>
    public void Forget(Guid tenantId) => cache.Invalidate(tenantId);

    /// <summary>Where a tenant with no recorded placement lives: the first server's shared database, where everything was before placements.</summary>
    public TenantPlacement Unplaced(Guid tenantId)
    {
        var server = Options.Servers.FirstOrDefault()
            ?? throw new TenantOperationException("No placement server is configured: add one to MspHubPlacementOptions.Servers.");
        return new(tenantId, server.Name, null, PlacementState.Active, WritesFenced: false, Epoch: 0);
    }

    /// <summary>The recorded placement of the tenant, read now from the control plane.</summary>
    protected abstract TenantPlacement? Read(Guid tenantId);

    /// <inheritdoc cref="Read"/>
    protected abstract Task<TenantPlacement?> ReadAsync(Guid tenantId, CancellationToken cancellationToken);
}

/// <summary>Reads placements through the control plane's context.</summary>
internal sealed class PlacementDirectory<TControl>(IServiceScopeFactory scopes, IOptions<MspHubPlacementOptions> options, PlacementCache cache)
    : PlacementDirectory(options, cache)
    where TControl : DbContext
{
    protected override TenantPlacement? Read(Guid tenantId)
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<TControl>().Set<PlacementRow>().AsNoTracking()
            .Where(p => p.TenantId == tenantId).AsEnumerable().Select(p => p.ToPlacement()).FirstOrDefault();
    }

    protected override async Task<TenantPlacement?> ReadAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var row = await scope.ServiceProvider.GetRequiredService<TControl>().Set<PlacementRow>().AsNoTracking()
                .FirstOrDefaultAsync(p => p.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
            return row?.ToPlacement();
        }
    }
}
