using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Access;

public class PermissionEvaluatorShould
{
    private static readonly HubUser AliceUser = HubUser.Create("alice", SystemRole.Technician);
    private static readonly HubUser BobUser = HubUser.Create("bob");
    private static readonly Guid Alice = AliceUser.Id;
    private static readonly Guid Bob = BobUser.Id;
    private static readonly Guid TenantA = Guid.CreateVersion7();
    private static readonly Guid TenantB = Guid.CreateVersion7();

    private readonly InMemoryAccessStore _data = new();
    private readonly CountingAccessStore _store;
    private readonly IPermissionEvaluator _evaluator;
    private readonly ICacheControl _control;
    private readonly PermissionId _view;
    private readonly PermissionId _delete;

    public PermissionEvaluatorShould()
    {
        _store = new CountingAccessStore(_data);
        var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All)),
            s => s.AddSingleton<IAccessStore>(_store));
        _evaluator = services.GetRequiredService<IPermissionEvaluator>();
        _control = services.GetRequiredService<ICacheControl>();
        var catalog = services.GetRequiredService<PermissionCatalog>();
        _view = catalog.Id("automs.view");
        _delete = catalog.Id("automs.delete");
        _data.AddUserAsync(AliceUser).GetAwaiter().GetResult();
        _data.AddUserAsync(BobUser).GetAwaiter().GetResult();
        Grant(TenantA, "automs.view");
        Grant(TenantB, "automs.view", "automs.delete");
        _data.SaveRoleAsync(new TenantRole { TenantId = TenantA, Name = "Agent", Permissions = ["automs.view"] }).GetAwaiter().GetResult();
        _data.SaveMembershipAsync(new Membership { UserId = Bob, TenantId = TenantA, Roles = ["Agent"] }).GetAwaiter().GetResult();
    }

    private void Grant(Guid tenant, params string[] permissions) =>
        _data.SaveGrantAsync(new TechnicianGrant { UserId = Alice, TenantId = tenant, Permissions = permissions }).GetAwaiter().GetResult();

    [Fact]
    public async Task Compute_permissions_once_per_user_and_tenant()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.True(await _evaluator.HasPermissionAsync(Alice, TenantA, _view));
            Assert.False(await _evaluator.HasPermissionAsync(Alice, TenantA, _delete));
            Assert.True(await _evaluator.HasPermissionAsync(Alice, TenantB, _delete));
        }

        Assert.Equal(2, _store.Lookups);
    }

    [Fact]
    public async Task Deny_a_revoked_grant_on_the_very_next_check()
    {
        Assert.True(await _evaluator.HasPermissionAsync(Alice, TenantB, _delete));

        await _data.RemoveGrantAsync(Alice, TenantB);
        _evaluator.InvalidateUser(Alice);

        Assert.False(await _evaluator.HasPermissionAsync(Alice, TenantB, _delete));
        Assert.False(await _evaluator.HasPermissionAsync(Alice, TenantB, _view));
    }

    [Fact]
    public async Task Apply_a_change_announced_by_another_node_to_exactly_the_affected_entries()
    {
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Bob, TenantA, _view);
        await _evaluator.HasPermissionAsync(Alice, TenantB, _view);

        _control.Apply(CacheChange.OfUser(Bob));
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Bob, TenantA, _view);
        Assert.Equal(4, _store.Lookups);

        _control.Apply(CacheChange.OfTenant(TenantB));
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Alice, TenantB, _view);
        Assert.Equal(5, _store.Lookups);

        // No vault and no placements here: a destroyed data key or a placement change concerns no permission entry, and
        // there is no data-key or placement cache to empty.
        _control.Apply(CacheChange.OfVaultDataKey(TenantA));
        _control.Apply(CacheChange.OfPlacement(TenantA));
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        Assert.Equal(5, _store.Lookups);
    }

    [Fact]
    public async Task Read_the_store_on_every_check_while_caching_is_paused_and_start_empty_when_it_resumes()
    {
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);

        _control.PauseCaching();
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        Assert.Equal(3, _store.Lookups);

        _control.ResumeCaching();
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        Assert.Equal(4, _store.Lookups);
    }

    [Theory]
    [InlineData("user:", CacheChangeKind.User)]
    [InlineData("tenant:", CacheChangeKind.Tenant)]
    [InlineData("tenant-state:", CacheChangeKind.TenantState)]
    [InlineData("vault-key:", CacheChangeKind.VaultDataKey)]
    [InlineData("placement:", CacheChangeKind.Placement)]
    public void Read_back_the_text_form_of_a_change(string prefix, CacheChangeKind kind)
    {
        var change = new CacheChange(kind, Alice);

        Assert.Equal(prefix + Alice.ToString("D"), change.ToString());
        Assert.True(CacheChange.TryParse(change.ToString(), out var read));
        Assert.Equal(change, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("user:")]
    [InlineData("user:not-a-guid")]
    [InlineData("USER:0195f7c2-5a4e-7d11-9c55-2b1a6f0e9a10")]
    [InlineData("role:0195f7c2-5a4e-7d11-9c55-2b1a6f0e9a10")]
    [InlineData("tenant-state:0195f7c2-5a4e-7d11-9c55-2b1a6f0e9a10 ")]
    [InlineData("tenant-state:{0195f7c2-5a4e-7d11-9c55-2b1a6f0e9a10}")]
    [InlineData("tenant-stat:0195f7c2-5a4e-7d11-9c55-2b1a6f0e9a10")]
    [InlineData("vault-key:0195f7c2-5a4e-7d11-9c55-2b1a6f0e9a1")]
    public void Refuse_anything_else_as_a_change(string? text) =>
        Assert.False(CacheChange.TryParse(text, out _));

    [Fact]
    public async Task Invalidate_exactly_the_affected_entries()
    {
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Alice, TenantB, _view);
        await _evaluator.HasPermissionAsync(Bob, TenantA, _view);

        _evaluator.InvalidateUser(Alice);
        await _evaluator.HasPermissionAsync(Bob, TenantA, _view);
        Assert.Equal(3, _store.Lookups);
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Alice, TenantB, _view);
        Assert.Equal(5, _store.Lookups);

        _evaluator.InvalidateTenant(TenantA);
        await _evaluator.HasPermissionAsync(Alice, TenantB, _view);
        Assert.Equal(5, _store.Lookups);
        await _evaluator.HasPermissionAsync(Alice, TenantA, _view);
        await _evaluator.HasPermissionAsync(Bob, TenantA, _view);
        Assert.Equal(7, _store.Lookups);
    }

    [Fact]
    public async Task Not_cache_an_answer_that_a_change_overtook_while_it_was_loading()
    {
        var loading = new TaskCompletionSource();
        var proceed = new TaskCompletionSource();
        _store.BeforeAnswer = async () =>
        {
            loading.TrySetResult();
            await proceed.Task;
        };

        var check = _evaluator.HasPermissionAsync(Alice, TenantB, _delete).AsTask();
        await loading.Task;
        _store.BeforeAnswer = null;
        await _data.RemoveGrantAsync(Alice, TenantB);
        _evaluator.InvalidateUser(Alice);
        proceed.SetResult();

        Assert.True(await check);
        Assert.False(await _evaluator.HasPermissionAsync(Alice, TenantB, _delete));
    }

    // A token newer than the cached access has the user read afresh; a removed user's token does so on every request.
    // That may cost one look-up each time, never another user's load in flight or a walk over every entry.
    [Fact]
    public async Task Read_one_user_afresh_without_dropping_another_users_load_in_flight()
    {
        var loading = new TaskCompletionSource();
        var proceed = new TaskCompletionSource();
        _store.BeforeAnswer = async () =>
        {
            loading.TrySetResult();
            await proceed.Task;
        };
        var bobs = _evaluator.HasPermissionAsync(Bob, TenantA, _view).AsTask();
        await loading.Task;
        _store.BeforeAnswer = null;

        var removed = await _evaluator.RefreshAccessAsync(Guid.CreateVersion7(), TenantA);
        proceed.SetResult();
        Assert.True(await bobs);
        var lookups = _store.Lookups;

        Assert.True(removed.UserInactive);
        Assert.True(await _evaluator.HasPermissionAsync(Bob, TenantA, _view));
        Assert.Equal(lookups, _store.Lookups);
    }

    [Fact]
    public async Task Give_unknown_users_nothing()
    {
        var permissions = await _evaluator.GetPermissionsAsync(Guid.CreateVersion7(), TenantA);

        Assert.Equal(0, permissions.Count);
    }

    [Fact]
    public async Task See_a_change_made_elsewhere_once_the_entry_expires_and_not_before()
    {
        var clock = TestClock.Create();
        var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
                .Configure(o => o.AccessCache.Duration = TimeSpan.FromSeconds(30)),
            s => s.AddSingleton<IAccessStore>(_data).AddSingleton<TimeProvider>(clock));
        var evaluator = services.GetRequiredService<IPermissionEvaluator>();
        Assert.True(await evaluator.HasPermissionAsync(Alice, TenantA, _view));

        // Another node revokes the grant: this process's access managers never hear of it.
        await _data.RemoveGrantAsync(Alice, TenantA);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(await evaluator.HasPermissionAsync(Alice, TenantA, _view));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await evaluator.HasPermissionAsync(Alice, TenantA, _view));
        Assert.False((await evaluator.GetPermissionsAsync(Alice, TenantA)).CanEnterTenant);
    }

    [Fact]
    public async Task Keep_a_hot_entry_and_its_bound_when_many_other_users_are_checked()
    {
        var store = new CountingAccessStore(_data);
        var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All)).Configure(o => o.AccessCache.MaxEntries = 16),
            s => s.AddSingleton<IAccessStore>(store));
        var evaluator = services.GetRequiredService<IPermissionEvaluator>();
        var view = services.GetRequiredService<PermissionCatalog>().Id("automs.view");
        Assert.True(await evaluator.HasPermissionAsync(Alice, TenantA, view));

        for (var i = 0; i < 1_000; i++)
        {
            Assert.False(await evaluator.HasPermissionAsync(Guid.CreateVersion7(), TenantA, view));
            Assert.True(await evaluator.HasPermissionAsync(Alice, TenantA, view));
        }

        Assert.Equal(1 + 1_000, store.Lookups);
    }

    [Fact]
    public async Task Answer_a_warm_check_without_allocating()
    {
        Assert.True(await _evaluator.HasPermissionAsync(Alice, TenantA, _view));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            var check = _evaluator.HasPermissionAsync(Alice, TenantA, _view);
            Assert.True(check.IsCompletedSuccessfully);
            Assert.True(await check);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Load_the_permissions_of_many_tenants_in_one_batch_and_serve_cached_ones_from_memory()
    {
        var tenantC = Guid.CreateVersion7();
        Assert.True(await _evaluator.HasPermissionAsync(Alice, TenantA, _view));
        var single = _store.Lookups;

        var sets = await _evaluator.GetPermissionsAsync(Alice, [TenantB, TenantA, tenantC]);

        Assert.Equal([TenantB, tenantC], Assert.Single(_store.Batches));
        Assert.Equal((true, true, false), (sets[0].Contains(_delete), sets[1].Contains(_view), sets[2].CanEnterTenant));
        Assert.False(sets[1].Contains(_delete));
        Assert.True(await _evaluator.HasPermissionAsync(Alice, TenantB, _delete));
        await _evaluator.GetPermissionsAsync(Alice, [TenantA, TenantB, tenantC]);
        Assert.Single(_store.Batches);
        Assert.Equal(single, _store.Lookups);
    }
}
