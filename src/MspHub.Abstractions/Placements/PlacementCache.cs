using System.Diagnostics.CodeAnalysis;

namespace MspHub;

/// <summary>
/// This node's cached tenant placements, in the same <see cref="BoundedCache{TKey, TValue}"/> and behind the same
/// <see cref="CacheFence"/> as the tenant and permission caches, so routing a context rarely reads the control plane
/// and a placement change announced by another node (<see cref="CacheChangeKind.Placement"/>, through
/// <see cref="HubCaches"/>) is dropped here as soon as it arrives, not when the entry expires. MspHub.EntityFramework's
/// placement directory fills and reads it; it lives here because <see cref="HubCaches"/>, which every transport drives,
/// cannot see that package.
/// </summary>
internal sealed class PlacementCache
{
    private readonly BoundedCache<Guid, TenantPlacement> _cache;
    private readonly CacheFence _fence = new();
    private readonly long _ttl;

    /// <summary>Creates a cache of at most <paramref name="capacity"/> placements, each trusted for <paramref name="timeToLive"/>.</summary>
    /// <param name="capacity">The most placements kept.</param>
    /// <param name="timeToLive">How long an entry is trusted when no transport says otherwise; zero caches nothing.</param>
    /// <param name="time">The clock expiry is measured with.</param>
    public PlacementCache(int capacity, TimeSpan timeToLive, TimeProvider time)
    {
        _cache = new(capacity, new MonotonicClock(time));
        _ttl = (long)timeToLive.TotalMilliseconds;
    }

    /// <summary>Changes with every invalidation; read it before reading a placement from the store, and pass it to <see cref="Fill"/>.</summary>
    public long Generation => _fence.Generation;

    /// <summary>The cached placement of <paramref name="tenantId"/>, unless it expired or a transport cannot hear other nodes.</summary>
    public bool TryGet(Guid tenantId, [MaybeNullWhen(false)] out TenantPlacement placement)
    {
        placement = null;
        return !_fence.IsPaused && _cache.TryGet(tenantId, out placement);
    }

    /// <summary>Caches <paramref name="placement"/>, read from the store, unless an invalidation ran since <paramref name="generation"/>.</summary>
    public void Fill(TenantPlacement placement, long generation)
    {
        if (_ttl > 0 && _fence.MayFill(generation))
        {
            _fence.DropIfOvertaken(_cache, _cache.Set(placement.TenantId, placement, _ttl), generation);
        }
    }

    /// <summary>Forgets the placement of <paramref name="tenantId"/>, which changed here or on another node; a read in flight caches nothing.</summary>
    public void Invalidate(Guid tenantId)
    {
        _fence.Advance();
        _cache.Remove(tenantId);
    }

    /// <summary>Forgets every placement and caches none until <see cref="ResumeCaching"/>: a transport cannot hear other nodes' changes.</summary>
    public void PauseCaching() => _fence.Pause(Clear);

    /// <summary>Forgets every placement (changes made before the transport listened went unheard) and caches again.</summary>
    public void ResumeCaching() => _fence.Resume(Clear);

    private void Clear()
    {
        _fence.Advance();
        _cache.RemoveAll();
    }
}
