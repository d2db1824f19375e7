namespace MspHub;

/// <summary>
/// Keeps a cache from keeping what an invalidation overtook, and from caching at all while a cross-node transport
/// cannot hear other nodes. A load reads <see cref="Generation"/> before it asks the store, fills only when
/// <see cref="MayFill"/> still allows it, and passes the new entry to <see cref="DropIfOvertaken"/>; an invalidation
/// calls <see cref="Advance"/> before it removes entries, so a load in flight meanwhile caches nothing. One fence
/// guards every cache that is invalidated together.
/// </summary>
internal sealed class CacheFence
{
    private long _generation;
    private volatile bool _paused;

    /// <summary>Changes with every invalidation; read it before a load.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Whether caching is paused (<see cref="ICacheControl.PauseCaching"/>).</summary>
    public bool IsPaused => _paused;

    /// <summary>Marks an invalidation: every load that started before it caches nothing.</summary>
    public void Advance() => Interlocked.Increment(ref _generation);

    /// <summary>Stops caching, then lets <paramref name="forgetAll"/> (which advances the fence) drop what is cached.</summary>
    public void Pause(Action forgetAll)
    {
        _paused = true;
        forgetAll();
    }

    /// <summary>Lets <paramref name="forgetAll"/> drop what was cached before (changes may have gone unheard), then caches again.</summary>
    public void Resume(Action forgetAll)
    {
        forgetAll();
        _paused = false;
    }

    /// <summary>Whether a load that started at <paramref name="generation"/> may cache what it read.</summary>
    public bool MayFill(long generation) => !_paused && Generation == generation;

    /// <summary>Removes <paramref name="entry"/> again when an invalidation ran between <see cref="MayFill"/> and its insert, and may have missed it.</summary>
    public void DropIfOvertaken<TKey, TValue>(BoundedCache<TKey, TValue> cache, BoundedCache<TKey, TValue>.Node entry, long generation)
        where TKey : notnull
    {
        if (Generation != generation)
        {
            cache.TryRemoveEntry(entry);
        }
    }
}
