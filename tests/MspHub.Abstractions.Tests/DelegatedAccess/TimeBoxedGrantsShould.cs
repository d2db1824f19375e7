using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.DelegatedAccess;

/// <summary>Time-boxed technician grants in the in-memory store and the permission cache, on a fake clock.</summary>
public class TimeBoxedGrantsShould
{
    private static readonly Guid TenantA = Guid.CreateVersion7();
    private static readonly Guid TenantB = Guid.CreateVersion7();

    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly InMemoryAccessStore _data;
    private readonly CountingAccessStore _store;
    private readonly IPermissionEvaluator _evaluator;
    private readonly PermissionId _view;

    public TimeBoxedGrantsShould()
    {
        _data = new InMemoryAccessStore(_clock);
        _store = new CountingAccessStore(_data);
        var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All)),
            s => s.AddSingleton<IAccessStore>(_store).AddSingleton<TimeProvider>(_clock));
        _evaluator = services.GetRequiredService<IPermissionEvaluator>();
        _view = services.GetRequiredService<PermissionCatalog>().Id("automs.view");
        _data.AddUserAsync(_technician).GetAwaiter().GetResult();
    }

    private Task GrantAsync(Guid tenantId, DateTimeOffset? expiresAt) =>
        _data.SaveGrantAsync(new TechnicianGrant { UserId = _technician.Id, TenantId = tenantId, Permissions = ["automs.view"], ExpiresAt = expiresAt });

    [Fact]
    public async Task Cache_a_grant_no_longer_than_until_its_expiry_and_then_deny_it()
    {
        await GrantAsync(TenantA, _clock.GetUtcNow().AddSeconds(5));
        Assert.True(await _evaluator.HasPermissionAsync(_technician.Id, TenantA, _view));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True(await _evaluator.HasPermissionAsync(_technician.Id, TenantA, _view));
        Assert.Equal(1, _store.Lookups);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await _evaluator.HasPermissionAsync(_technician.Id, TenantA, _view));
        Assert.Equal(2, _store.Lookups);
        Assert.False((await _data.GetAccessFactsAsync(_technician.Id, TenantA)).IsInTenant);
        Assert.Empty(await _data.ListTenantIdsAsync(_technician.Id));
    }

    [Fact]
    public async Task Keep_the_caches_own_lifetime_for_grants_that_end_later_or_never()
    {
        await GrantAsync(TenantA, _clock.GetUtcNow().AddHours(1));
        await GrantAsync(TenantB, expiresAt: null);
        Assert.Equal(_clock.GetUtcNow().AddHours(1), (await _data.GetAccessFactsAsync(_technician.Id, TenantA)).ValidUntil);
        Assert.Null((await _data.GetAccessFactsAsync(_technician.Id, TenantB)).ValidUntil);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await _evaluator.HasPermissionAsync(_technician.Id, TenantA, _view));
            Assert.True(await _evaluator.HasPermissionAsync(_technician.Id, TenantB, _view));
            _clock.Advance(TimeSpan.FromSeconds(9));
        }

        Assert.Equal(2, _store.Lookups);
        Assert.Equal(2, (await _data.ListTenantIdsAsync(_technician.Id)).Count);
    }
}
