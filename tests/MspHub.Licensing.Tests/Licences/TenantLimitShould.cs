using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.Licensing;

namespace MspHub.Licensing.Tests.Licences;

public class TenantLimitShould
{
    private static IHost Start(Licence? licence, params Tenant[] tenants)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore(tenants).AddLicensing(TestLicences.Install(licence)));
        var host = builder.Build();
        host.Start();
        return host;
    }

    [Fact]
    public async Task Show_usage_as_n_of_max_and_refuse_a_tenant_past_the_licence_maximum()
    {
        using var host = Start(TestLicences.Licence(maxTenants: 2), Tenant.Create("msp", "MSP"));
        var store = host.Services.GetRequiredService<ITenantStore>();

        await store.AddAsync(Tenant.Create("acme", "Acme"));
        Assert.Equal("2 / 2", (await store.CountAsync()).ToString());

        var error = await Assert.ThrowsAsync<TenantLimitExceededException>(() => store.AddAsync(Tenant.Create("globex", "Globex")));
        Assert.Equal("Tenant limit reached: 2 of 2 tenants in use; delete a tenant or install a licence that allows more.", error.Message);
        Assert.Null(await store.FindBySlugAsync("globex"));
        Assert.Equal(new TenantCount(2, 2), await store.CountAsync());
    }

    [Fact]
    public async Task Free_a_place_when_a_tenant_is_removed()
    {
        var acme = Tenant.Create("acme", "Acme");
        using var host = Start(TestLicences.Licence(maxTenants: 1), acme);
        var store = host.Services.GetRequiredService<ITenantStore>();

        await store.RemoveAsync(acme.Id);
        await store.AddAsync(Tenant.Create("globex", "Globex"));

        Assert.Equal(0, (await store.CountAsync()).Remaining);
    }

    [Fact]
    public async Task Create_no_tenants_when_unlicensed()
    {
        using var host = Start(licence: null);
        var store = host.Services.GetRequiredService<ITenantStore>();

        var refused = await Assert.ThrowsAsync<TenantLimitExceededException>(() => store.AddAsync(Tenant.Create("acme", "Acme")));
        Assert.Equal("0 / 0", (await store.CountAsync()).ToString());
        Assert.Equal(
            "Tenant limit reached: 0 of 0 tenants in use; the limit is 0 because there is no valid licence (Missing); install a valid licence to raise it.",
            refused.Message);
    }
}
