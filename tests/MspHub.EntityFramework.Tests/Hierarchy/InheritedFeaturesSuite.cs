using Microsoft.Extensions.DependencyInjection;
using MspHub.Licensing;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>
/// Features chosen at a parent as the default for its subtree, on a real database, over MSP → Contoso → (Contoso Leeds,
/// Contoso York) and MSP → Fabrikam → Fabrikam Leeds, under a licence that includes <c>vault</c> and <c>reports</c> but
/// not <c>billing</c>. Every check reads the tenant afresh in a new scope, as the next request would.
/// </summary>
public abstract class InheritedFeaturesSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;
    private HierarchyFixture _tree = null!;

    public async Task InitializeAsync()
    {
        var licence = TestLicences.Licence(maxTenants: 50, features: ["vault", "reports"]);
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.AddLicensing(TestLicences.Install(licence)));
        using var scope = _hub.Services.CreateScope();
        _tree = await HierarchyFixture.CreateAsync(_hub, scope.ServiceProvider);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<Tenant> SetAsync(Tenant tenant, string feature, FeatureChoice choice)
    {
        using var scope = _hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantFeatures>().SetAsync(tenant.Id, feature, choice);
    }

    private async Task<bool> EnabledAsync(Tenant tenant, string feature)
    {
        using var scope = _hub.Services.CreateScope();
        var stored = (await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(tenant.Id))!;
        return await scope.ServiceProvider.GetRequiredService<ITenantFeatures>().IsEnabledAsync(stored, feature);
    }

    // The tenants among those given that have the feature on, by slug, so a failure names every tenant that is wrong.
    private async Task<string[]> OnAsync(string feature, params Tenant[] tenants)
    {
        var on = new List<string>();
        foreach (var tenant in tenants)
        {
            if (await EnabledAsync(tenant, feature))
            {
                on.Add(tenant.Slug);
            }
        }

        return [.. on];
    }

    private Tenant[] Everyone => [.. _tree.All, _hub.A, _hub.B];

    [DatabaseFact]
    public async Task Make_a_choice_at_a_parent_the_default_for_its_children_and_grandchildren_and_no_one_else()
    {
        await SetAsync(_tree.Contoso, "vault", FeatureChoice.Off);

        Assert.Equal(["msp", "fabrikam", "fabrikam-leeds", "tenant-a", "tenant-b"], await OnAsync("vault", Everyone));
        Assert.Equal(Everyone.Select(t => t.Slug).ToArray(), await OnAsync("reports", Everyone));

        await SetAsync(_tree.Msp, "reports", FeatureChoice.Off);

        Assert.Equal(["tenant-a", "tenant-b"], await OnAsync("reports", Everyone));
    }

    [DatabaseFact]
    public async Task Give_a_child_created_later_its_parents_choice()
    {
        await SetAsync(_tree.Contoso, "vault", FeatureChoice.Off);

        Tenant hull;
        using (var scope = _hub.Services.CreateScope())
        {
            hull = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("contoso-hull", "Contoso Hull", _tree.Contoso.Id);
        }

        Assert.Empty(hull.DisabledFeatures);
        Assert.False(await EnabledAsync(hull, "vault"));
        Assert.True(await EnabledAsync(hull, "reports"));
    }

    [DatabaseFact]
    public async Task Let_an_explicit_choice_lower_down_win_for_its_own_subtree_until_it_inherits_again()
    {
        await SetAsync(_tree.Msp, "vault", FeatureChoice.Off);
        await SetAsync(_tree.Contoso, "vault", FeatureChoice.On);
        await SetAsync(_tree.ContosoLeeds, "vault", FeatureChoice.Off);

        Assert.Equal(["contoso", "contoso-york", "tenant-a", "tenant-b"], await OnAsync("vault", Everyone));

        using (var scope = _hub.Services.CreateScope())
        {
            var york = (await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(_tree.ContosoYork.Id))!;
            var listed = Assert.Single(scope.ServiceProvider.GetRequiredService<ITenantFeatures>().List(york), f => f.Name == "vault");
            Assert.Equal(new TenantFeature("vault", true) { Choice = FeatureChoice.Inherit, SourceTenantId = _tree.Contoso.Id }, listed);
        }

        var contoso = await SetAsync(_tree.Contoso, "vault", FeatureChoice.Inherit);

        Assert.Empty(contoso.EnabledFeatures);
        Assert.Empty(contoso.DisabledFeatures);
        Assert.Equal(["tenant-a", "tenant-b"], await OnAsync("vault", Everyone));
    }

    [DatabaseFact]
    public async Task Keep_a_feature_the_licence_lacks_off_whatever_a_parent_says()
    {
        await Assert.ThrowsAsync<FeatureNotLicensedException>(() => SetAsync(_tree.Msp, "billing", FeatureChoice.On));

        // Written past the service, as an import or a licence downgrade would leave it: the licence still wins.
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().UpdateAsync(_tree.Msp.Id, t => t with { EnabledFeatures = ["billing"] });
        }

        Assert.Empty(await OnAsync("billing", Everyone));
        Assert.Equal(Everyone.Select(t => t.Slug).ToArray(), await OnAsync("vault", Everyone));
    }

    [DatabaseFact]
    public async Task Follow_the_new_parent_when_a_subtree_moves()
    {
        await SetAsync(_tree.Fabrikam, "vault", FeatureChoice.Off);
        Assert.Equal(["contoso", "contoso-leeds", "contoso-york"], await OnAsync("vault", _tree.Contoso, _tree.ContosoLeeds, _tree.ContosoYork));

        await MoveAsync(_tree.Contoso, _tree.Fabrikam);

        Assert.Empty(await OnAsync("vault", _tree.Contoso, _tree.ContosoLeeds, _tree.ContosoYork));
        Assert.Equal(["msp"], await OnAsync("vault", _tree.Msp, _tree.Fabrikam, _tree.FabrikamLeeds));

        await MoveAsync(_tree.Contoso, _tree.Msp);

        Assert.Equal(["contoso", "contoso-leeds", "contoso-york"], await OnAsync("vault", _tree.Contoso, _tree.ContosoLeeds, _tree.ContosoYork));
    }

    [DatabaseFact]
    public async Task Answer_a_warm_check_from_the_cache_at_once_and_the_same_way_synchronously()
    {
        await SetAsync(_tree.Contoso, "vault", FeatureChoice.Off);
        Assert.False(await EnabledAsync(_tree.ContosoLeeds, "vault"));

        using var scope = _hub.Services.CreateScope();
        var leeds = (await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(_tree.ContosoLeeds.Id))!;
        var features = scope.ServiceProvider.GetRequiredService<ITenantFeatures>();
        var warm = features.IsEnabledAsync(leeds, "vault");

        Assert.True(warm.IsCompletedSuccessfully);
        Assert.False(await warm);
        Assert.False(features.IsEnabled(leeds, "vault"));
        Assert.True(features.IsEnabled(leeds, "reports"));
    }

    private async Task MoveAsync(Tenant tenant, Tenant parent)
    {
        using var scope = _hub.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().MoveAsync(tenant.Id, parent.Id);
    }
}
