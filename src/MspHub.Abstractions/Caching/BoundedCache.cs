using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace MspHub;

/// <summary>
/// A bounded, expiring, thread-safe cache with second-chance (CLOCK) eviction, shared by the tenant cache and
/// the permission evaluator. A hit is one dictionary look-up, an expiry check and, the first time after each
/// pass of the clock hand, one write of a flag: no lock and no allocation. A miss that fills the cache takes
/// no lock either: entries join a lock-free queue, and when the cache is over its capacity the hand takes
/// entries from the front, drops expired and replaced ones, gives recently read ones a second chance at the
/// back and evicts the first that was not read since its last pass. Each pass clears the flag it spares, so
/// an insert costs amortised O(1); the cache never clears itself wholesale.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The cached value type.</typeparam>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Node> _entries;
    private readonly ConcurrentQueue<Node> _clock = new();
    private readonly MonotonicClock _time;
    private readonly Action<TValue>? _left;
    private int _count;
    private int _queued;

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">The most entries kept.</param>
    /// <param name="time">The clock expiry is measured with.</param>
    /// <param name="comparer">Compares keys.</param>
    /// <param name="left">
    /// Called once with the value of each entry that leaves the cache, however it leaves (evicted for room, swept once
    /// expired, replaced by <see cref="Set"/>, or removed), so a value that holds a secret can be wiped as soon as the
    /// cache lets go of it.
    /// </param>
    public BoundedCache(int capacity, MonotonicClock time, IEqualityComparer<TKey>? comparer = null, Action<TValue>? left = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _time = time;
        _left = left;
        _entries = new ConcurrentDictionary<TKey, Node>(comparer);
    }

    /// <summary>The most entries the cache keeps once every insert has returned.</summary>
    public int Capacity { get; }

    /// <summary>How many entries are cached, expired ones not yet evicted included.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The value cached under <paramref name="key"/>, if it has not expired.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value) => Read(_entries.TryGetValue(key, out var node), node, out value);

    /// <summary>A look-up by another representation of the key (a span for string keys), for allocation-free reads.</summary>
    public Lookup<TAlternate> GetLookup<TAlternate>()
        where TAlternate : notnull, allows ref struct => new(this, _entries.GetAlternateLookup<TAlternate>());

    /// <summary>Caches <paramref name="value"/> under <paramref name="key"/> for <paramref name="timeToLiveMilliseconds"/>, replacing any entry there.</summary>
    /// <returns>The entry, for <see cref="TryRemoveEntry"/> when a concurrent invalidation overtook the caller.</returns>
    public Node Set(TKey key, TValue value, long timeToLiveMilliseconds)
    {
        var node = new Node(key, value, _time.NowMilliseconds + timeToLiveMilliseconds);
        while (true)
        {
            if (_entries.TryAdd(key, node))
            {
                Interlocked.Increment(ref _count);
                break;
            }

            if (_entries.TryGetValue(key, out var old) && _entries.TryUpdate(key, node, old))
            {
                old.Removed = true;
                _left?.Invoke(old.Value);
                break;
            }
        }

        Interlocked.Increment(ref _queued);
        _clock.Enqueue(node);
        MakeRoom();
        return node;
    }

    /// <summary>Removes the entry under <paramref name="key"/>, if any.</summary>
    public void Remove(TKey key)
    {
        if (_entries.TryRemove(key, out var node))
        {
            Forget(node);
        }
    }

    /// <summary>Removes <paramref name="node"/> (returned by <see cref="Set"/>) if it is still the one cached under its key.</summary>
    public void TryRemoveEntry(Node node)
    {
        if (_entries.TryRemove(KeyValuePair.Create(node.Key, node)))
        {
            Forget(node);
        }
    }

    /// <summary>Removes every entry whose key matches <paramref name="affected"/>; O(entries), for invalidations.</summary>
    public void RemoveWhere(Func<TKey, bool> affected) => RemoveWhere((key, _) => affected(key));

    /// <summary>Removes every entry whose key and value match <paramref name="affected"/>; O(entries), for invalidations that depend on what was cached.</summary>
    public void RemoveWhere(Func<TKey, TValue, bool> affected)
    {
        foreach (var (key, node) in _entries)
        {
            if (affected(key, node.Value) && _entries.TryRemove(KeyValuePair.Create(key, node)))
            {
                Forget(node);
            }
        }
    }

    /// <summary>Removes every entry, for invalidations that cannot name the keys they touch.</summary>
    public void RemoveAll() => RemoveWhere(static _ => true);

    private bool Read(bool hit, Node? node, [MaybeNullWhen(false)] out TValue value)
    {
        if (hit && node!.ExpiresAt > _time.NowMilliseconds)
        {
            // Written only when clear, so hot entries read by many threads do not bounce their cache line.
            if (!node.Referenced)
            {
                node.Referenced = true;
            }

            value = node.Value;
            return true;
        }

        value = default;
        return false;
    }

    private void Forget(Node node)
    {
        node.Removed = true;
        Interlocked.Decrement(ref _count);
        _left?.Invoke(node.Value);
    }

    // Runs the clock hand while the cache is over capacity, or while the queue holds more than twice the
    // capacity because entries were refreshed rather than added (only then are live entries passed over
    // without eviction). Spares are limited per call, so readers that keep setting flags cannot stall it.
    private void MakeRoom()
    {
        var spares = Capacity;
        while (true)
        {
            var over = Volatile.Read(ref _count) > Capacity;
            if ((!over && Volatile.Read(ref _queued) <= 2 * Capacity) || !_clock.TryDequeue(out var node))
            {
                return;
            }

            if (!node.Removed && node.ExpiresAt > _time.NowMilliseconds && (!over || (node.Referenced && spares-- > 0)))
            {
                if (over)
                {
                    node.Referenced = false;
                }

                _clock.Enqueue(node);
                continue;
            }

            if (!node.Removed && _entries.TryRemove(KeyValuePair.Create(node.Key, node)))
            {
                Forget(node);
            }

            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>A cached entry with its expiry and its second-chance flag.</summary>
    internal sealed class Node(TKey key, TValue value, long expiresAt)
    {
        public TKey Key { get; } = key;

        public TValue Value { get; } = value;

        public long ExpiresAt { get; } = expiresAt;

        public bool Referenced { get; set; }

        public bool Removed { get; set; }
    }

    /// <summary>Reads the cache by an alternate key without converting it.</summary>
    internal readonly struct Lookup<TAlternate>(BoundedCache<TKey, TValue> cache, ConcurrentDictionary<TKey, Node>.AlternateLookup<TAlternate> lookup)
        where TAlternate : notnull, allows ref struct
    {
        /// <summary>The value cached under <paramref name="key"/>, if it has not expired.</summary>
        public bool TryGet(TAlternate key, [MaybeNullWhen(false)] out TValue value) => cache.Read(lookup.TryGetValue(key, out var node), node, out value);
    }
}
