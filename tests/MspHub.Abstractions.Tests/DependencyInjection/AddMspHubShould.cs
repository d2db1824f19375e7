using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MspHub.Abstractions.Tests.DependencyInjection;

public class AddMspHubShould
{
    private static async Task<OptionsValidationException> StartFailsAsync(Action<MspHubBuilder> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMspHub(configure);
        using var host = builder.Build();
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Start_a_host_with_a_valid_configuration()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Tenant.Create("contoso", "Contoso"))
            .ResolveTenantFrom<string>(r => r.Add("raw", s => s)));
        using var host = builder.Build();

        await host.StartAsync();
        var result = await host.Services.GetRequiredService<ITenantResolver<string>>().ResolveAsync("contoso");
        await host.StopAsync();

        Assert.True(result.IsResolved);
    }

    [Fact]
    public async Task Fail_at_start_up_naming_each_bad_cache_setting_and_its_fix()
    {
        var error = await StartFailsAsync(hub => hub
            .AddInMemoryTenantStore()
            .Configure(o =>
            {
                o.TenantCache.Duration = TimeSpan.FromSeconds(-1);
                o.TenantCache.MaxEntries = 3;
            }));

        Assert.Contains("MspHub:TenantCache:Duration is -00:00:01; set it between 00:00:01 and 1.00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("MspHub:TenantCache:MaxEntries is 3; set it between 16 and 10000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_at_start_up_when_negative_caching_outlives_positive_caching()
    {
        var error = await StartFailsAsync(hub => hub
            .AddInMemoryTenantStore()
            .Configure(o => o.TenantCache.NegativeDuration = TimeSpan.FromHours(1)));

        Assert.Contains("MspHub:TenantCache:NegativeDuration is 01:00:00", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3651 * 24)]
    public async Task Fail_at_start_up_on_an_api_key_lifetime_out_of_range(int hours)
    {
        var error = await StartFailsAsync(hub => hub
            .AddInMemoryTenantStore()
            .Configure(o => o.ApiKeyMaxLifetime = TimeSpan.FromHours(hours)));

        Assert.Contains($"MspHub:ApiKeyMaxLifetime is {TimeSpan.FromHours(hours)}; set it between 01:00:00 and 3650.00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(91 * 24)]
    public async Task Fail_at_start_up_on_an_invitation_lifetime_out_of_range(int hours)
    {
        var error = await StartFailsAsync(hub => hub
            .AddInMemoryTenantStore()
            .Configure(o => o.InvitationLifetime = TimeSpan.FromHours(hours)));

        Assert.Contains($"MspHub:InvitationLifetime is {TimeSpan.FromHours(hours)}; set it between 01:00:00 and 90.00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignore_cache_timings_when_the_cache_is_disabled()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore()
            .Configure(o =>
            {
                o.TenantCache.Enabled = false;
                o.TenantCache.Duration = TimeSpan.Zero;
            }));
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.False(host.Services.GetRequiredService<IOptions<MspHubOptions>>().Value.TenantCache.Enabled);
    }

    [Fact]
    public async Task Fail_at_start_up_when_permissions_are_declared_without_an_access_store()
    {
        var error = await StartFailsAsync(hub => hub
            .AddInMemoryTenantStore()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
            .Configure(o => o.AccessCache.MaxEntries = 0));

        Assert.Contains("no access store is registered", error.Message, StringComparison.Ordinal);
        Assert.Contains("MspHub:AccessCache:MaxEntries is 0; set it between 16 and 10000000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MspAdmin", "automs.view", "MspHub:DefaultTenantRoles:MspAdmin takes a system role's name")]
    [InlineData("Customer", "automs.purge", "MspHub:DefaultTenantRoles:Customer names 'automs.purge', which is not declared")]
    [InlineData("Customer", "tenants.create", "MspHub:DefaultTenantRoles:Customer names 'tenants.create', which is MSP-level")]
    public async Task Fail_at_start_up_on_an_invalid_default_tenant_role(string role, string permission, string message)
    {
        var error = await StartFailsAsync(hub => hub
            .AddInMemoryTenantStore()
            .AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All).Resource("tenants", mspLevel: true).Action(PermissionActions.Create))
            .AddDefaultTenantRole(role, permission));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_at_start_up_when_no_tenant_store_is_registered()
    {
        var error = await StartFailsAsync(_ => { });

        Assert.Contains("No tenant store is registered", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddInMemoryTenantStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_at_start_up_when_resolution_has_no_strategies()
    {
        var error = await StartFailsAsync(hub => hub.AddInMemoryTenantStore().ResolveTenantFrom<string>(_ => { }));

        Assert.Contains("Tenant resolution for String has no strategies", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_at_start_up_when_two_strategies_share_a_name()
    {
        var error = await StartFailsAsync(hub => hub
            .AddInMemoryTenantStore()
            .ResolveTenantFrom<string>(r => r.Add("header", s => s).Add("Header", s => s)));

        Assert.Contains("more than one strategy named 'header'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replace_an_earlier_store_with_a_later_one()
    {
        var contoso = Tenant.Create("contoso", "Contoso");
        using var provider = Hub.Build(hub => hub
            .AddInMemoryTenantStore()
            .AddInMemoryTenantStore(contoso));

        var stores = provider.GetServices<ITenantStore>().ToList();

        Assert.Single(stores);
        Assert.Equal(contoso, await stores[0].FindBySlugAsync("contoso"));
    }

    [Fact]
    public void Refuse_seed_tenants_that_clash() =>
        Assert.Throws<ConflictException>(() => Hub.Build(hub => hub.AddInMemoryTenantStore(
            Tenant.Create("contoso", "Contoso"),
            Tenant.Create("contoso", "Contoso again"))));
}
