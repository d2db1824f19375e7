using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.DependencyInjection;

/// <summary>
/// One access store registration serves every narrow store interface from the same instance, so the operations that
/// span aggregates stay atomic in that one store whichever interface the caller took.
/// </summary>
public sealed class AccessStoreRegistrationShould
{
    private static readonly Type[] NarrowStores =
        [typeof(IHubUserStore), typeof(IMembershipStore), typeof(ITenantRoleStore), typeof(ITechnicianGrantStore), typeof(IInvitationStore)];

    [Fact]
    public void Resolve_each_narrow_store_to_the_in_memory_store_registered_as_the_access_store()
    {
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore());
        using var scope = services.CreateScope();

        var store = services.GetRequiredService<InMemoryAccessStore>();
        Assert.Same(store, services.GetRequiredService<IAccessStore>());
        Assert.All(NarrowStores, type => Assert.Same(store, scope.ServiceProvider.GetRequiredService(type)));
        Assert.All(NarrowStores, type => Assert.Same(store, services.GetRequiredService(type)));
    }

    [Fact]
    public void Resolve_each_narrow_store_to_a_custom_store_with_its_lifetime()
    {
        using var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddAccessStore<CountingAccessStore>(ServiceLifetime.Scoped),
            collection => collection.AddSingleton(new InMemoryAccessStore()));
        using var first = services.CreateScope();
        using var second = services.CreateScope();

        var store = first.ServiceProvider.GetRequiredService<IAccessStore>();
        Assert.IsType<CountingAccessStore>(store);
        Assert.All(NarrowStores, type => Assert.Same(store, first.ServiceProvider.GetRequiredService(type)));
        Assert.All(NarrowStores, type => Assert.NotSame(store, second.ServiceProvider.GetRequiredService(type)));
        Assert.All(NarrowStores, type => Assert.Same(second.ServiceProvider.GetRequiredService<IAccessStore>(), second.ServiceProvider.GetRequiredService(type)));
    }

    [Fact]
    public void Replace_the_narrow_stores_with_the_access_store_registered_last()
    {
        using var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore().AddAccessStore<CountingAccessStore>(ServiceLifetime.Singleton),
            collection => collection.AddSingleton(new InMemoryAccessStore()));

        var store = services.GetRequiredService<IAccessStore>();
        Assert.IsType<CountingAccessStore>(store);
        Assert.All(NarrowStores, type => Assert.Same(store, Assert.Single(services.GetServices(type))));
    }

    [Fact]
    public async Task Let_both_access_managers_write_through_the_one_store()
    {
        var tenant = Tenant.Create("contoso", "Contoso");
        using var services = Hub.Build(hub => hub
            .AddInMemoryTenantStore(tenant)
            .AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All)));
        using var scope = services.CreateScope();
        var agent = HubUser.Create("agent");

        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(agent);
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Viewer", Permissions = ["automs.view"] });
        await tenantSide.SetMemberAsync(tenant.Id, agent.Id, ["Viewer"]);

        Assert.Equal(agent.Id, (await scope.ServiceProvider.GetRequiredService<IHubUserStore>().FindUserAsync(agent.Id))!.Id);
        Assert.Equal("Viewer", Assert.Single((await scope.ServiceProvider.GetRequiredService<IMembershipStore>().FindMembershipAsync(agent.Id, tenant.Id))!.Roles));
        Assert.Equal("automs.view", Assert.Single((await scope.ServiceProvider.GetRequiredService<IAccessStore>().GetAccessFactsAsync(agent.Id, tenant.Id)).RolePermissions));
    }
}
