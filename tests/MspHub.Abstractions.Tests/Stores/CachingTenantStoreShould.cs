using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Stores;

public class CachingTenantStoreShould
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly CountingTenantStore _inner = new(new InMemoryTenantStore());

    private ServiceProvider? _provider;

    private TenantCache Cache => _provider!.GetRequiredService<TenantCache>();

    private ITenantStore BuildStore(Action<TenantCacheOptions>? configure = null)
    {
        _provider = Hub.Build(
            hub =>
            {
                hub.AddTenantStore<CountingTenantStore>(ServiceLifetime.Singleton);
                if (configure is not null)
                {
                    hub.Configure(o => configure(o.TenantCache));
                }
            },
            services => services.AddSingleton(_inner).AddSingleton<TimeProvider>(_clock));
        return _provider.GetRequiredService<ITenantStore>();
    }

    [Fact]
    public async Task Serve_repeated_look_ups_from_memory()
    {
        var store = BuildStore();
        var tenant = Tenant.Create("contoso", "Contoso");
        await store.AddAsync(tenant);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(tenant, await store.FindBySlugAsync("Contoso"));
            Assert.Equal(tenant, await store.FindByIdAsync(tenant.Id));
        }

        Assert.Equal(1, _inner.Lookups);
    }

    [Fact]
    public async Task Go_back_to_the_store_once_an_entry_expires()
    {
        var store = BuildStore(o => o.Duration = TimeSpan.FromMinutes(1));
        await store.AddAsync(Tenant.Create("contoso", "Contoso"));
        await store.FindBySlugAsync("contoso");

        _clock.Advance(TimeSpan.FromSeconds(61));
        await store.FindBySlugAsync("contoso");

        Assert.Equal(2, _inner.Lookups);
    }

    [Fact]
    public async Task Serve_the_new_version_right_after_an_update()
    {
        var store = BuildStore();
        var tenant = Tenant.Create("contoso", "Contoso");
        await store.AddAsync(tenant);
        await store.FindBySlugAsync("contoso");
        await store.FindByIdAsync(tenant.Id);

        await store.UpdateAsync(tenant.Id, t => t with { Slug = "contoso-eu", Status = TenantStatus.Suspended });

        Assert.Null(await store.FindBySlugAsync("contoso"));
        Assert.Equal(TenantStatus.Suspended, (await store.FindBySlugAsync("contoso-eu"))!.Status);
        Assert.Equal("contoso-eu", (await store.FindByIdAsync(tenant.Id))!.Slug);
    }

    [Fact]
    public async Task Move_the_admin_tenancy_flag_and_serve_both_changed_tenants_fresh()
    {
        var store = BuildStore();
        var msp = Tenant.Create("msp", "MSP") with { IsAdminTenancy = true };
        var client = Tenant.Create("client", "Client");
        await store.AddAsync(msp);
        await store.AddAsync(client);
        await store.FindByIdAsync(msp.Id);
        await store.FindBySlugAsync("client");

        await store.DesignateAdminTenancyAsync(client.Id);

        Assert.False((await store.FindByIdAsync(msp.Id))!.IsAdminTenancy);
        Assert.True((await store.FindBySlugAsync("client"))!.IsAdminTenancy);
        Assert.Equal(["client"], (await store.ListAsync(new TenantQuery { IsAdminTenancy = true })).Items.Select(t => t.Slug));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => store.DesignateAdminTenancyAsync(Guid.CreateVersion7()));
        Assert.Equal(["client"], (await store.ListAsync(new TenantQuery { IsAdminTenancy = true })).Items.Select(t => t.Slug));
    }

    [Fact]
    public async Task Forget_a_removed_tenant_by_id_and_by_slug()
    {
        var store = BuildStore();
        var tenant = Tenant.Create("contoso", "Contoso");
        await store.AddAsync(tenant);
        await store.FindBySlugAsync("contoso");
        await store.FindByIdAsync(tenant.Id);

        await store.RemoveAsync(tenant.Id);

        Assert.Null(await store.FindBySlugAsync("contoso"));
        Assert.Null(await store.FindByIdAsync(tenant.Id));
    }

    [Fact]
    public async Task Remember_unknown_identifiers_briefly_so_floods_do_not_reach_the_store()
    {
        var store = BuildStore(o => o.NegativeDuration = TimeSpan.FromSeconds(10));

        for (var i = 0; i < 100; i++)
        {
            Assert.Null(await store.FindBySlugAsync("nobody"));
        }

        _clock.Advance(TimeSpan.FromSeconds(11));
        await store.FindBySlugAsync("nobody");

        Assert.Equal(2, _inner.Lookups);
    }

    [Fact]
    public async Task Find_a_tenant_added_after_its_slug_was_remembered_as_unknown()
    {
        var store = BuildStore();
        Assert.Null(await store.FindBySlugAsync("contoso"));

        await store.AddAsync(Tenant.Create("contoso", "Contoso"));

        Assert.NotNull(await store.FindBySlugAsync("contoso"));
    }

    [Fact]
    public async Task Never_ask_the_store_about_malformed_slugs()
    {
        var store = BuildStore();

        Assert.Null(await store.FindBySlugAsync("../../etc/passwd"));
        Assert.Null(await store.FindBySlugAsync("admin"));

        Assert.Equal(0, _inner.Lookups);
    }

    [Fact]
    public async Task Pass_every_look_up_through_when_disabled()
    {
        var store = BuildStore(o => o.Enabled = false);
        await store.AddAsync(Tenant.Create("contoso", "Contoso"));

        await store.FindBySlugAsync("contoso");
        await store.FindBySlugAsync("contoso");

        Assert.Same(_inner, store);
        Assert.Equal(2, _inner.Lookups);
    }

    [Fact]
    public async Task Stay_within_its_bound_under_a_flood_of_unknown_identifiers()
    {
        var store = BuildStore(o => o.MaxEntries = 16);
        var tenant = Tenant.Create("contoso", "Contoso");
        await store.AddAsync(tenant);
        await store.FindBySlugAsync("contoso");

        var largest = 0;
        for (var i = 0; i < 10_000; i++)
        {
            await store.FindBySlugAsync($"probe-{i}");
            largest = Math.Max(largest, Cache.Count);
        }

        Assert.InRange(largest, 1, 16);
        var lookupsAfterFlood = _inner.Lookups;
        Assert.Equal(tenant, await store.FindBySlugAsync("contoso"));
        Assert.Equal(10_001, lookupsAfterFlood);
        Assert.Equal(lookupsAfterFlood, _inner.Lookups);
    }

    [Fact]
    public async Task Keep_found_tenants_when_unknown_slugs_flood_a_cache_mostly_full_of_them()
    {
        var store = BuildStore(o => o.MaxEntries = 64);
        var tenants = Enumerable.Range(0, 20).Select(i => Tenant.Create($"client-{i}", $"Client {i}")).ToList();
        foreach (var tenant in tenants)
        {
            await store.AddAsync(tenant);
            await store.FindBySlugAsync(tenant.Slug);
            await store.FindByIdAsync(tenant.Id);
        }

        for (var i = 0; i < 1_000; i++)
        {
            await store.FindBySlugAsync($"probe-{i}");
        }

        var lookupsAfterFlood = _inner.Lookups;
        foreach (var tenant in tenants)
        {
            Assert.Equal(tenant, await store.FindBySlugAsync(tenant.Slug));
            Assert.Equal(tenant, await store.FindByIdAsync(tenant.Id));
        }

        Assert.Equal(lookupsAfterFlood, _inner.Lookups);
        Assert.InRange(Cache.Count, 1, 64);
    }

    [Fact]
    public async Task Forget_a_tenant_another_node_changed_when_a_transport_names_its_id()
    {
        var store = BuildStore();
        var tenant = Tenant.Create("contoso", "Contoso");
        await store.AddAsync(tenant);
        Assert.Equal(tenant, await store.FindBySlugAsync("contoso"));
        Assert.Equal(tenant, await store.FindByIdAsync(tenant.Id));
        Assert.Null(await store.FindBySlugAsync("contoso-eu"));

        // Another node renames and suspends it: this node's store wrapper never sees the write.
        await _inner.UpdateAsync(tenant.Id, t => t with { Slug = "contoso-eu", Status = TenantStatus.Suspended });
        Assert.Equal(tenant, await store.FindBySlugAsync("contoso"));

        _provider!.GetRequiredService<ICacheControl>().Apply(CacheChange.OfTenantState(tenant.Id));

        Assert.Null(await store.FindBySlugAsync("contoso"));
        Assert.Equal(TenantStatus.Suspended, (await store.FindBySlugAsync("contoso-eu"))!.Status);
        Assert.Equal("contoso-eu", (await store.FindByIdAsync(tenant.Id))!.Slug);
    }

    [Fact]
    public async Task Read_every_look_up_through_while_a_transport_has_paused_caching()
    {
        var store = BuildStore();
        var tenant = Tenant.Create("contoso", "Contoso");
        await store.AddAsync(tenant);
        await store.FindByIdAsync(tenant.Id);
        var control = _provider!.GetRequiredService<ICacheControl>();

        control.PauseCaching();
        await store.FindByIdAsync(tenant.Id);
        await store.FindByIdAsync(tenant.Id);
        Assert.Equal(3, _inner.Lookups);
        Assert.Equal(0, Cache.Count);

        control.ResumeCaching();
        await store.FindByIdAsync(tenant.Id);
        await store.FindByIdAsync(tenant.Id);
        Assert.Equal(4, _inner.Lookups);
    }
}
