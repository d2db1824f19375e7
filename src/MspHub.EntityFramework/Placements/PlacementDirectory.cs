using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.EntityFramework;

/// <summary>
/// This node's view of the placement catalog: each tenant's placement, read from the control plane and trusted for
/// <see cref="MspHubPlacementOptions.CacheFor"/>, so routing a context rarely costs a query. Changes made through
/// this node's catalog replace the entry at once.
/// </summary>
internal abstract class PlacementDirectory(IOptions<MspHubPlacementOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, (TenantPlacement Placement, long ReadAt)> _entries = new();

    public MspHubPlacementOptions Options => options.Value;

    /// <summary>
    /// The tenant's placement. Synchronous because EF Core creates connections synchronously; a miss reads one row
    /// of the control plane.
    /// </summary>
    public TenantPlacement Get(Guid tenantId)
    {
        if (TryCached(tenantId) is { } cached)
        {
            return cached;
        }

        return Remember(Read(tenantId) ?? Unplaced(tenantId));
    }

    /// <inheritdoc cref="Get"/>
    public async ValueTask<TenantPlacement> GetAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        if (TryCached(tenantId) is { } cached)
        {
            return cached;
        }

        return Remember(await ReadAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? Unplaced(tenantId));
    }

    /// <summary>Replaces the tenant's entry after this node changed its placement.</summary>
    public TenantPlacement Remember(TenantPlacement placement)
    {
        _entries[placement.TenantId] = (placement, time.GetTimestamp());
        return placement;
    }

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

    private TenantPlacement? TryCached(Guid tenantId) =>
        _entries.TryGetValue(tenantId, out var entry) && time.GetElapsedTime(entry.ReadAt) < Options.CacheFor ? entry.Placement : null;
}

/// <summary>Reads placements through the control plane's context.</summary>
internal sealed class PlacementDirectory<TControl>(IServiceScopeFactory scopes, IOptions<MspHubPlacementOptions> options, TimeProvider time)
    : PlacementDirectory(options, time)
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
