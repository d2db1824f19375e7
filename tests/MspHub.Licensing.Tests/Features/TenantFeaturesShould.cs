using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.Licensing;

namespace MspHub.Licensing.Tests.Features;

public class TenantFeaturesShould
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Branch = Tenant.Create("acme-leeds", "Acme Leeds", Acme.Id);

    private static IHost Start(Licence? licence)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore(Acme, Branch).AddLicensing(TestLicences.Install(licence)));
        var host = builder.Build();
        host.Start();
        return host;
    }

    private static async Task<Tenant> StoredAsync(IHost host) =>
        (await host.Services.GetRequiredService<ITenantStore>().FindByIdAsync(Acme.Id))!;

    [Fact]
    public void Turn_licensed_features_on_for_every_tenant_until_switched_off()
    {
        using var host = Start(TestLicences.Licence(features: ["vault", "ai-agents"]));
        var features = host.Services.GetRequiredService<ITenantFeatures>();

        Assert.True(features.IsEnabled(Acme, "vault"));
        Assert.False(features.IsEnabled(Acme, "billing"));
        Assert.Equal([new TenantFeature("vault", true), new TenantFeature("ai-agents", true)], features.List(Acme));
    }

    [Fact]
    public async Task Switch_a_feature_off_and_on_again_through_the_tenant_store()
    {
        using var host = Start(TestLicences.Licence(features: ["vault", "ai-agents"]));
        var features = host.Services.GetRequiredService<ITenantFeatures>();

        await features.SetAsync(Acme.Id, "Vault", enabled: false);
        var off = await StoredAsync(host);
        Assert.Equal(["vault"], off.DisabledFeatures);
        Assert.False(features.IsEnabled(off, "vault"));
        Assert.True(features.IsEnabled(off, "ai-agents"));

        await features.SetAsync(Acme.Id, "vault", enabled: true);
        var on = await StoredAsync(host);
        Assert.Empty(on.DisabledFeatures);
        Assert.Equal(["vault"], on.EnabledFeatures);
        Assert.True(features.IsEnabled(on, "vault"));
    }

    [Fact]
    public async Task Refuse_to_switch_on_a_feature_the_licence_lacks_and_change_nothing()
    {
        using var host = Start(TestLicences.Licence(features: ["vault"]));
        var features = host.Services.GetRequiredService<ITenantFeatures>();
        await features.SetAsync(Acme.Id, "vault", enabled: false);

        var error = await Assert.ThrowsAsync<FeatureNotLicensedException>(() => features.SetAsync(Acme.Id, "billing", enabled: true));

        Assert.Equal("Feature 'billing' is not in the licence, so it cannot be switched on for any tenant.", error.Message);
        Assert.Equal(["vault"], (await StoredAsync(host)).DisabledFeatures);
        await Assert.ThrowsAsync<TenantNotFoundException>(() => features.SetAsync(Guid.CreateVersion7(), "vault", enabled: false));
    }

    [Fact]
    public void Keep_every_feature_off_when_unlicensed()
    {
        using var host = Start(licence: null);
        var features = host.Services.GetRequiredService<ITenantFeatures>();

        Assert.False(features.IsEnabled(Acme, "vault"));
        Assert.Empty(features.List(Acme));
    }

    [Fact]
    public async Task Give_a_branch_its_parents_choice_until_it_chooses_for_itself()
    {
        using var host = Start(TestLicences.Licence(features: ["vault", "ai-agents"]));
        var features = host.Services.GetRequiredService<ITenantFeatures>();

        await features.SetAsync(Acme.Id, "vault", FeatureChoice.Off);
        Assert.False(features.IsEnabled(Branch, "vault"));
        Assert.True(features.IsEnabled(Branch, "ai-agents"));
        Assert.Equal(
            [new TenantFeature("vault", false) { SourceTenantId = Acme.Id }, new TenantFeature("ai-agents", true)],
            features.List(Branch));

        var branch = await features.SetAsync(Branch.Id, "vault", FeatureChoice.On);
        Assert.True(features.IsEnabled(branch, "vault"));
        Assert.Equal(new TenantFeature("vault", true) { Choice = FeatureChoice.On, SourceTenantId = Branch.Id }, features.List(branch)[0]);

        branch = await features.SetAsync(Branch.Id, "vault", FeatureChoice.Inherit);
        Assert.False(await features.IsEnabledAsync(branch, "vault"));
    }

    [Fact]
    public async Task Refuse_a_choice_that_is_not_one_and_change_nothing()
    {
        using var host = Start(TestLicences.Licence(features: ["vault"]));
        var features = host.Services.GetRequiredService<ITenantFeatures>();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => features.SetAsync(Acme.Id, "vault", (FeatureChoice)7));

        Assert.Equal(Acme, await StoredAsync(host));
    }
}
