using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Settings;

public class TenantSettingsShould
{
    private static readonly Tenant Msp = Tenant.Create("msp", "MSP");
    private static readonly Tenant Client = Tenant.Create("client", "Client", Msp.Id);
    private static readonly Tenant Branch = Tenant.Create("branch", "Branch", Client.Id);

    [Fact]
    public async Task Resolve_the_nearest_value_up_the_tree_then_the_install_default()
    {
        using var services = Hub.Build(hub => hub
            .AddInMemoryTenantStore(Msp, Client, Branch)
            .AddInMemoryTenantSettingsStore()
            .Configure(o => o.SettingDefaults["theme"] = "light"));
        using var scope = services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<ITenantSettings>();

        await settings.SetAsync(Msp.Id, "schedule", "nightly");
        await settings.SetAsync(Client.Id, "schedule", "weekly");

        Assert.Equal(new TenantSetting("schedule", "weekly", Client.Id), await settings.GetAsync(Branch.Id, "schedule"));
        Assert.Equal(new TenantSetting("schedule", "nightly", Msp.Id), await settings.GetAsync(Msp.Id, "schedule"));
        Assert.Equal(new TenantSetting("theme", "light", null), await settings.GetAsync(Branch.Id, "theme"));
        Assert.Null(await settings.GetAsync(Branch.Id, "missing"));
        var longValue = await Assert.ThrowsAsync<ArgumentException>(() => settings.SetAsync(Branch.Id, "schedule", new string('x', TenantSetting.MaxValueLength + 1)));
        var longKey = await Assert.ThrowsAsync<ArgumentException>(() => settings.SetAsync(Branch.Id, new string('k', TenantSetting.MaxKeyLength + 1), "x"));

        // Each refusal names the argument the caller got wrong.
        Assert.Equal(("value", "key"), (longValue.ParamName, longKey.ParamName));
    }
}
