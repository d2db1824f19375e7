namespace MspHub.Abstractions.Tests.Caching;

public class BoundedCacheShould
{
    private const long Minute = 60_000;
    private readonly FakeTimeProvider _time = TestClock.Create();

    private BoundedCache<string, int> Create(int capacity) => new(capacity, new MonotonicClock(_time), StringComparer.Ordinal);

    [Fact]
    public void Never_hold_more_than_its_capacity()
    {
        var cache = Create(16);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set($"key-{i}", i, Minute);
            Assert.InRange(cache.Count, 1, 16);
        }

        Assert.True(cache.TryGet("key-9999", out var latest));
        Assert.Equal(9999, latest);
    }

    [Fact]
    public void Tell_of_every_value_that_leaves_evicted_replaced_or_removed()
    {
        var left = new List<int>();
        var cache = new BoundedCache<string, int>(2, new MonotonicClock(_time), StringComparer.Ordinal, left.Add);

        cache.Set("a", 1, Minute);
        cache.Set("b", 2, Minute);
        cache.Set("c", 3, Minute);                                      // over capacity: "a" is evicted
        cache.Set("b", 20, Minute);                                     // replaced
        cache.Remove("c");

        Assert.Equal([1, 2, 3], left);
        Assert.True(cache.TryGet("b", out var b));
        Assert.Equal(20, b);
    }

    [Fact]
    public void Keep_entries_that_are_read_while_a_flood_of_new_keys_passes_through()
    {
        var cache = Create(16);
        cache.Set("hot", 1, Minute);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set($"probe-{i}", i, Minute);
            Assert.True(cache.TryGet("hot", out var hot), $"the hot entry was evicted after {i + 1} inserts");
            Assert.Equal(1, hot);
        }

        // No wholesale clear either: the most recent keys are all still there.
        Assert.All(Enumerable.Range(9_990, 10), i => Assert.True(cache.TryGet($"probe-{i}", out _)));
    }

    [Fact]
    public void Evict_entries_nobody_reads_before_those_that_are_read()
    {
        var cache = Create(4);
        cache.Set("a", 1, Minute);
        cache.Set("b", 2, Minute);
        cache.Set("c", 3, Minute);
        cache.Set("d", 4, Minute);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("e", 5, Minute);

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.Equal(4, cache.Count);
    }

    [Fact]
    public void Expire_entries_by_the_clock()
    {
        var cache = Create(16);
        cache.Set("short", 1, 1_000);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.True(cache.TryGet("short", out _));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet("short", out _));
    }

    [Fact]
    public void Keep_its_queue_bounded_when_the_same_keys_are_refreshed_again_and_again()
    {
        var cache = Create(16);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Set($"key-{i % 8}", i, Minute);
        }

        Assert.Equal(8, cache.Count);
        Assert.All(Enumerable.Range(0, 8), i => Assert.True(cache.TryGet($"key-{i}", out _)));
    }

    [Fact]
    public void Remove_single_entries_matching_entries_and_only_the_entry_it_was_given()
    {
        var cache = Create(16);
        cache.Set("user-1:a", 1, Minute);
        cache.Set("user-1:b", 2, Minute);
        cache.Set("user-2:a", 3, Minute);
        var outdated = cache.Set("user-3:a", 4, Minute);
        cache.Set("user-3:a", 5, Minute);

        cache.RemoveWhere(key => key.StartsWith("user-1:", StringComparison.Ordinal));
        cache.Remove("user-2:a");
        cache.TryRemoveEntry(outdated);

        Assert.False(cache.TryGet("user-1:a", out _));
        Assert.False(cache.TryGet("user-2:a", out _));
        Assert.True(cache.TryGet("user-3:a", out var kept));
        Assert.Equal((5, 1), (kept, cache.Count));
    }

    [Fact]
    public async Task Stay_consistent_and_bounded_under_concurrent_readers_writers_and_invalidations()
    {
        var cache = Create(64);
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 50_000; i++)
            {
                var key = $"key-{random.Next(1_000)}";
                switch (random.Next(10))
                {
                    case < 5:
                        cache.TryGet(key, out _);
                        break;
                    case < 9:
                        cache.Set(key, i, Minute);
                        break;
                    default:
                        cache.Remove(key);
                        break;
                }
            }
        }));

        await Task.WhenAll(workers);

        var present = Enumerable.Range(0, 1_000).Count(i => cache.TryGet($"key-{i}", out _));
        Assert.Equal(present, cache.Count);
        Assert.InRange(cache.Count, 1, 64);
    }

    [Fact]
    public void Read_by_span_without_allocating()
    {
        var cache = Create(16);
        cache.Set("contoso", 7, Minute);
        var lookup = cache.GetLookup<ReadOnlySpan<char>>();
        var slug = "x-contoso".AsSpan(2);
        Assert.True(lookup.TryGet(slug, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 1_000; i++)
        {
            found += lookup.TryGet(slug, out var value) ? value : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(7_000, found);
    }
}
