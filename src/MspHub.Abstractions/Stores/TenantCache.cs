using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The process-wide tenant cache shared by <see cref="CachingTenantStore"/> (which fills and invalidates
/// it) and the resolver (which only reads it, so a warm look-up needs no service scope and allocates
/// nothing).
/// </summary>
internal sealed class TenantCache
{
    private readonly ConcurrentDictionary<Guid, Entry> _byId = new();
    private readonly ConcurrentDictionary<string, Entry> _bySlug = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySlugSpan;
    private readonly MonotonicClock _clock;
    private readonly long _positiveTtl;
    private readonly long _negativeTtl;
    private readonly int _capacity;
    private int _count;
    private long _generation;

    public TenantCache(IOptions<MspHubOptions> options, TimeProvider time)
    {
        var settings = options.Value.TenantCache;
        _clock = new MonotonicClock(time);
        Enabled = settings.Enabled;
        _positiveTtl = (long)settings.Duration.TotalMilliseconds;
        _negativeTtl = (long)settings.NegativeDuration.TotalMilliseconds;
        _capacity = settings.MaxEntries;
        _bySlugSpan = _bySlug.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Enabled { get; }

    /// <summary>How many ids and slugs are cached, found or not; never more than <see cref="TenantCacheOptions.MaxEntries"/>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Changes with every invalidation; a fill that started before one is dropped, so a slow read cannot cache stale data.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(Guid id, out Tenant? tenant) => Read(_byId.TryGetValue(id, out var entry), entry, out tenant);

    public bool TryGet(ReadOnlySpan<char> slug, out Tenant? tenant) => Read(_bySlugSpan.TryGetValue(slug, out var entry), entry, out tenant);

    /// <summary>Caches what a store returned for <paramref name="id"/>, unless the cache changed since <paramref name="generation"/>.</summary>
    public void Fill(Guid id, Tenant? found, long generation)
    {
        if (found is not null)
        {
            Fill(found, generation);
        }
        else if (ShouldFill(_negativeTtl, generation))
        {
            Put(_byId, id, NewEntry(null));
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
            Put(_bySlug, slug, NewEntry(null));
        }
    }

    /// <summary>Forgets everything cached under <paramref name="tenant"/>'s id and slug, found or not.</summary>
    public void Invalidate(Tenant tenant)
    {
        Interlocked.Increment(ref _generation);
        Remove(_byId, tenant.Id);
        Remove(_bySlug, tenant.Slug);
    }

    /// <summary>Forgets everything, for changes that touch tenants the caller cannot name one by one.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _byId.Clear();
        _bySlug.Clear();
        Volatile.Write(ref _count, 0);
    }

    private void Fill(Tenant found, long generation)
    {
        if (ShouldFill(_positiveTtl, generation))
        {
            var entry = NewEntry(found);
            Put(_byId, found.Id, entry);
            Put(_bySlug, found.Slug, entry);
        }
    }

    private bool ShouldFill(long ttl, long generation) => Enabled && ttl > 0 && generation == Generation;

    private Entry NewEntry(Tenant? tenant) =>
        new(tenant, _clock.NowMilliseconds + (tenant is null ? _negativeTtl : _positiveTtl));

    private bool Read(bool hit, Entry? entry, out Tenant? tenant)
    {
        if (hit && Enabled && entry!.ExpiresAt > _clock.NowMilliseconds)
        {
            tenant = entry.Tenant;
            return true;
        }

        tenant = null;
        return false;
    }

    private void Put<TKey>(ConcurrentDictionary<TKey, Entry> map, TKey key, Entry entry)
        where TKey : notnull
    {
        if (Volatile.Read(ref _count) >= _capacity)
        {
            MakeRoom();
        }

        if (map.TryAdd(key, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            map[key] = entry;
        }
    }

    private void Remove<TKey>(ConcurrentDictionary<TKey, Entry> map, TKey key)
        where TKey : notnull
    {
        if (map.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    // Drops expired and negative entries first (a flood of made-up identifiers creates only negative
    // ones); if that frees less than half, starts over. Either way the next sweep is at least
    // capacity/2 inserts away, so floods cost amortised O(1) per insert and memory stays bounded.
    private void MakeRoom()
    {
        var now = _clock.NowMilliseconds;
        Sweep(_byId, now);
        Sweep(_bySlug, now);
        if (Volatile.Read(ref _count) > _capacity / 2)
        {
            Clear();
        }
    }

    private void Sweep<TKey>(ConcurrentDictionary<TKey, Entry> map, long now)
        where TKey : notnull
    {
        foreach (var (key, entry) in map)
        {
            if (entry.Tenant is null || entry.ExpiresAt <= now)
            {
                Remove(map, key);
            }
        }
    }

    private sealed record Entry(Tenant? Tenant, long ExpiresAt);
}
