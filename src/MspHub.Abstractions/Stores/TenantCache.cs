using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The process-wide tenant cache shared by <see cref="CachingTenantStore"/> (which fills and invalidates
/// it) and the resolver (which only reads it, so a warm look-up needs no service scope and allocates
/// nothing). Found tenants and unknown identifiers live in separate <see cref="BoundedCache{TKey, TValue}"/>
/// segments, so a flood of made-up slugs from anonymous callers only ever evicts other unknown identifiers.
/// </summary>
internal sealed class TenantCache
{
    private readonly BoundedCache<Guid, Tenant> _foundById;
    private readonly BoundedCache<string, Tenant> _foundBySlug;
    private readonly BoundedCache<string, Tenant>.Lookup<ReadOnlySpan<char>> _foundBySlugSpan;
    private readonly BoundedCache<Guid, bool> _unknownIds;
    private readonly BoundedCache<string, bool> _unknownSlugs;
    private readonly BoundedCache<string, bool>.Lookup<ReadOnlySpan<char>> _unknownSlugSpan;
    private readonly long _positiveTtl;
    private readonly long _negativeTtl;
    private readonly MspHubTelemetry _telemetry;
    private readonly CacheFence _fence = new();

    public TenantCache(IOptions<MspHubOptions> options, TimeProvider time, MspHubTelemetry telemetry)
    {
        _telemetry = telemetry;
        var settings = options.Value.TenantCache;
        var clock = new MonotonicClock(time);
        Enabled = settings.Enabled;
        _positiveTtl = (long)settings.Duration.TotalMilliseconds;
        _negativeTtl = (long)settings.NegativeDuration.TotalMilliseconds;

        // Three eighths of the entries for found tenants by id, as many by slug, the rest for unknown identifiers.
        var found = Math.Max(1, settings.MaxEntries * 3 / 8);
        var unknown = Math.Max(1, (settings.MaxEntries - (2 * found)) / 2);
        _foundById = new(found, clock);
        _foundBySlug = new(found, clock, StringComparer.OrdinalIgnoreCase);
        _unknownIds = new(unknown, clock);
        _unknownSlugs = new(unknown, clock, StringComparer.OrdinalIgnoreCase);
        _foundBySlugSpan = _foundBySlug.GetLookup<ReadOnlySpan<char>>();
        _unknownSlugSpan = _unknownSlugs.GetLookup<ReadOnlySpan<char>>();
    }

    public bool Enabled { get; }

    /// <summary>How many ids and slugs are cached, found or not; never more than <see cref="TenantCacheOptions.MaxEntries"/>.</summary>
    public int Count => _foundById.Count + _foundBySlug.Count + _unknownIds.Count + _unknownSlugs.Count;

    /// <summary>Changes with every invalidation; a fill that started before one is dropped, so a slow read cannot cache stale data.</summary>
    public long Generation => _fence.Generation;

    /// <param name="id">The tenant's id.</param>
    /// <param name="tenant">The cached tenant, or <see langword="null"/> when the id is cached as unknown.</param>
    /// <param name="countMiss">
    /// Whether a miss is counted; the resolver passes <see langword="false"/>, as the caching store it falls back to
    /// looks again and counts that miss, and one look-up must count once for the hit ratio to mean anything.
    /// </param>
    public bool TryGet(Guid id, out Tenant? tenant, bool countMiss = true)
    {
        tenant = null;
        return Trusted && Counted(_foundById.TryGet(id, out tenant) || _unknownIds.TryGet(id, out _), countMiss);
    }

    /// <inheritdoc cref="TryGet(Guid, out Tenant?, bool)"/>
    public bool TryGet(ReadOnlySpan<char> slug, out Tenant? tenant, bool countMiss = true)
    {
        tenant = null;
        return Trusted && Counted(_foundBySlugSpan.TryGet(slug, out tenant) || _unknownSlugSpan.TryGet(slug, out _), countMiss);
    }

    // A remembered unknown identifier is a hit too: it saved a trip to the store.
    private bool Counted(bool hit, bool countMiss)
    {
        if (hit || countMiss)
        {
            _telemetry.CacheLookup("tenant", hit);
        }

        return hit;
    }

    /// <summary>Caches what a store returned for <paramref name="id"/>, unless the cache changed since <paramref name="generation"/>.</summary>
    public void Fill(Guid id, Tenant? found, long generation)
    {
        if (found is not null)
        {
            Fill(found, generation);
        }
        else if (ShouldFill(_negativeTtl, generation))
        {
            _fence.DropIfOvertaken(_unknownIds, _unknownIds.Set(id, true, _negativeTtl), generation);
        }
    }

    /// <summary>Caches what a store returned for <paramref name="slug"/>, unless the cache changed since <paramref name="generation"/>.</summary>
    public void Fill(string slug, Tenant? found, long generation)
    {
        if (found is not null)
        {
            Fill(found, generation);
        }
        else if (ShouldFill(_negativeTtl, generation))
        {
            _fence.DropIfOvertaken(_unknownSlugs, _unknownSlugs.Set(slug, true, _negativeTtl), generation);
        }
    }

    /// <summary>Forgets everything cached under <paramref name="tenant"/>'s id and slug, found or not.</summary>
    public void Invalidate(Tenant tenant)
    {
        _fence.Advance();
        _foundById.Remove(tenant.Id);
        _foundBySlug.Remove(tenant.Slug);
        _unknownIds.Remove(tenant.Id);
        _unknownSlugs.Remove(tenant.Slug);
    }

    /// <summary>
    /// Forgets what is cached about the tenant <paramref name="id"/> when another node says it changed, knowing only
    /// its id: its entry by id, every slug entry that holds it (its old slug after a rename), and every unknown
    /// identifier, since its new slug (or the tenant itself, if just created) may be remembered as unknown here.
    /// Unknown identifiers live seconds and are cheap to read again; found tenants other than this one stay.
    /// </summary>
    public void Invalidate(Guid id)
    {
        _fence.Advance();
        _foundById.Remove(id);
        _foundBySlug.RemoveWhere((_, tenant) => tenant.Id == id);
        _unknownIds.RemoveAll();
        _unknownSlugs.RemoveAll();
    }

    /// <summary>Forgets everything and caches nothing until <see cref="ResumeCaching"/>: a transport cannot hear other nodes' changes.</summary>
    public void PauseCaching() => _fence.Pause(Clear);

    /// <summary>Forgets everything (changes made before the transport listened went unheard) and caches again.</summary>
    public void ResumeCaching() => _fence.Resume(Clear);

    /// <summary>Forgets everything, for changes that touch tenants the caller cannot name one by one.</summary>
    public void Clear()
    {
        _fence.Advance();
        _foundById.RemoveAll();
        _foundBySlug.RemoveAll();
        _unknownIds.RemoveAll();
        _unknownSlugs.RemoveAll();
    }

    private void Fill(Tenant found, long generation)
    {
        if (ShouldFill(_positiveTtl, generation))
        {
            _fence.DropIfOvertaken(_foundById, _foundById.Set(found.Id, found, _positiveTtl), generation);
            _fence.DropIfOvertaken(_foundBySlug, _foundBySlug.Set(found.Slug, found, _positiveTtl), generation);
        }
    }

    // Enabled and not paused by a transport that cannot hear other nodes.
    private bool Trusted => Enabled && !_fence.IsPaused;

    private bool ShouldFill(long ttl, long generation) => Enabled && ttl > 0 && _fence.MayFill(generation);
}
