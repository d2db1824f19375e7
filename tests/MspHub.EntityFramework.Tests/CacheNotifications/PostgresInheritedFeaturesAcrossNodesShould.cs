using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MspHub.Licensing;
using static MspHub.EntityFramework.Tests.CacheNotifications.CacheNodes;
using AppDb = MspHub.EntityFramework.Tests.Model.HubTestDb;

namespace MspHub.EntityFramework.Tests.CacheNotifications;

/// <summary>
/// Two nodes over one PostgreSQL database: a feature choice made at a parent on node A, or a move of a branch, reaches
/// the checks of a grandchild on node B, whose own cached record never changes, once the parent's (or the moved
/// tenant's) change notification arrives. The tenant cache keeps entries an hour here, so only the notification explains it.
/// </summary>
public sealed class PostgresInheritedFeaturesAcrossNodesShould : IAsyncLifetime
{
    private TestHub _hub = null!;
    private ServiceProvider _nodeB = null!;
    private Tenant _client = null!;
    private Tenant _site = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, configure: hub =>
        {
            hub.Configure(o => o.TenantCache.Duration = TimeSpan.FromHours(1));
            hub.AddLicensing(TestLicences.Install(TestLicences.Licence(maxTenants: 50, features: ["vault"])));
            hub.AddPostgresCacheNotifications<AppDb>();
            hub.Services.AddFakeLogging();
        });
        _nodeB = _hub.NewNode();
        using (var scope = _hub.Services.CreateScope())
        {
            var lifecycle = scope.ServiceProvider.GetRequiredService<ITenantLifecycle>();
            _client = await lifecycle.CreateAsync("client", "Client", _hub.A.Id);
            _site = await lifecycle.CreateAsync("site", "Site", _client.Id);
        }

        await CacheNodes.StartAsync("[300]", _hub.Services, _nodeB);
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await CacheNodes.StopAsync(_hub, _nodeB);
        }
    }

    private static async Task<bool> VaultOnAsync(IServiceProvider node, Guid tenantId)
    {
        using var scope = node.CreateScope();
        var tenant = (await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(tenantId))!;
        return await scope.ServiceProvider.GetRequiredService<ITenantFeatures>().IsEnabledAsync(tenant, "vault");
    }

    [PostgresFact]
    public async Task Switch_a_grandchild_on_the_other_node_when_its_grandparent_chooses()
    {
        Assert.True(await VaultOnAsync(_nodeB, _site.Id));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantFeatures>().SetAsync(_hub.A.Id, "vault", FeatureChoice.Off);
        }

        await EventuallyAsync(async () => !await VaultOnAsync(_nodeB, _site.Id), "node B still shows the grandparent's old choice");
        Assert.True(await VaultOnAsync(_nodeB, _hub.B.Id));
    }

    [PostgresFact]
    public async Task Switch_a_moved_branch_on_the_other_node_to_its_new_parents_choice()
    {
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantFeatures>().SetAsync(_hub.B.Id, "vault", FeatureChoice.Off);
        }

        await EventuallyAsync(async () => !await VaultOnAsync(_nodeB, _hub.B.Id), "node B still shows tenant B's old choice");
        Assert.True(await VaultOnAsync(_nodeB, _site.Id));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().MoveAsync(_client.Id, _hub.B.Id);
        }

        await EventuallyAsync(async () => !await VaultOnAsync(_nodeB, _site.Id), "node B still shows the old parent's choice for the moved branch");
    }
}
