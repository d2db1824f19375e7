using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Placements;

public class PlacementCacheShould
{
    private static readonly Guid TenantA = Guid.CreateVersion7();
    private static readonly Guid TenantB = Guid.CreateVersion7();
    private readonly FakeTimeProvider _time = TestClock.Create();

    private PlacementCache Create(TimeSpan? timeToLive = null) => new(16, timeToLive ?? TimeSpan.FromMinutes(1), _time);

    private static TenantPlacement Active(Guid tenantId) => new(tenantId, "a", null, PlacementState.Active, WritesFenced: false, Epoch: 1);

    [Fact]
    public void Serve_a_placement_until_it_expires()
    {
        var cache = Create();
        cache.Fill(Active(TenantA), cache.Generation);

        Assert.True(cache.TryGet(TenantA, out var cached));
        Assert.Equal(Active(TenantA), cached);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(cache.TryGet(TenantA, out _));
    }

    [Fact]
    public void Drop_only_the_placement_a_change_names_when_it_arrives_through_the_hub_caches()
    {
        var services = Hub.Build(hub => hub.AddInMemoryTenantStore(), s => s.AddSingleton(_ => Create()));
        var cache = services.GetRequiredService<PlacementCache>();
        cache.Fill(Active(TenantA), cache.Generation);
        cache.Fill(Active(TenantB), cache.Generation);

        services.GetRequiredService<ICacheControl>().Apply(CacheChange.OfPlacement(TenantA));

        Assert.False(cache.TryGet(TenantA, out _));
        Assert.True(cache.TryGet(TenantB, out _));
    }

    [Fact]
    public void Not_cache_a_read_that_a_change_overtook()
    {
        var cache = Create();
        var generation = cache.Generation;       // a route starts reading the control plane...

        cache.Invalidate(TenantA);              // ...the placement changes meanwhile...
        cache.Fill(Active(TenantA), generation); // ...and what it read is already old

        Assert.False(cache.TryGet(TenantA, out _));
    }

    [Fact]
    public void Cache_nothing_while_paused_and_start_empty_when_it_resumes()
    {
        var cache = Create();
        cache.Fill(Active(TenantA), cache.Generation);

        cache.PauseCaching();
        Assert.False(cache.TryGet(TenantA, out _));
        cache.Fill(Active(TenantB), cache.Generation);
        cache.ResumeCaching();

        Assert.False(cache.TryGet(TenantA, out _));
        Assert.False(cache.TryGet(TenantB, out _));
    }

    [Fact]
    public void Cache_nothing_for_a_zero_time_to_live()
    {
        var cache = Create(TimeSpan.Zero);
        cache.Fill(Active(TenantA), cache.Generation);

        Assert.False(cache.TryGet(TenantA, out _));
    }
}
