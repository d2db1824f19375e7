using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>The snippets of the Hierarchy section of tenant-operations.md, run on the MSP → client → sites fixture.</summary>
public abstract class HierarchyDocsSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private HierarchyFixture Tree { get; set; } = null!;

    private ITenantHierarchy Hierarchy => Scope.ServiceProvider.GetRequiredService<ITenantHierarchy>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Tree = await HierarchyFixture.CreateAsync(Hub, Scope.ServiceProvider);
    }

    [DatabaseFact]
    public async Task Roll_up_a_clients_sites_as_the_page_shows()
    {
        var (hierarchy, tenancy, contoso) = (Hierarchy, Hub.Tenancy, Tree.Contoso);
        var signedInUserId = Tree.ContosoAdmin.Id;
        var cancellationToken = CancellationToken.None;
        await using var db = Hub.NewDb();

        // docs: tenant-operations.md#roll-up-reports-over-a-subtree
        var subtree = await hierarchy.GetSubtreeAsync(signedInUserId, contoso.Id, cancellationToken);
        using (tenancy.BeginSubtreeScope(subtree, "reports.client-rollup"))
        {
            var automsPerSite = await db.Automs
                .GroupBy(a => a.TenantId)
                .Select(g => new { TenantId = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);   // Contoso, Contoso Leeds and Contoso York: never the MSP or Fabrikam
            // end docs
            Assert.Equal(subtree.TenantIds.Order(), automsPerSite.Select(r => r.TenantId).Order());
            Assert.All(automsPerSite, r => Assert.Equal(1, r.Count));
            // docs: tenant-operations.md#roll-up-reports-over-a-subtree
        }
        // end docs
    }

    [DatabaseFact]
    public async Task Summarise_a_client_and_its_sites_as_the_page_shows()
    {
        var summaries = Scope.ServiceProvider.GetRequiredService<ITenantSummaries>();
        var (signedInUserId, contoso) = (Tree.ContosoAdmin.Id, Tree.Contoso);
        var cancellationToken = CancellationToken.None;

        // docs: tenant-operations.md#roll-up-reports-over-a-subtree summaries
        var rollup = await summaries.GetSubtreeAsync(signedInUserId, contoso.Id, cancellationToken);
        // rollup[0] is Contoso, then its sites: .Counts["Autom"], .Quotas (usage and limit), .LastActivity
        // end docs

        Assert.Equal(["contoso", "contoso-leeds", "contoso-york"], rollup.Select(s => s.Slug).Order());
        Assert.Equal(contoso.Id, rollup[0].TenantId);
        Assert.All(rollup, s => Assert.Equal(1, s.Counts["Autom"]));
    }

    [DatabaseFact]
    public async Task Give_a_clients_sites_its_limit_as_the_page_shows()
    {
        var quotas = Scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        var (contoso, contosoLeeds, contosoYork) = (Tree.Contoso, Tree.ContosoLeeds, Tree.ContosoYork);
        var cancellationToken = CancellationToken.None;

        // docs: tenant-operations.md#limits-for-a-subtree
        await quotas.SetSubtreeLimitAsync(contoso.Id, "automs", 20, cancellationToken);    // Contoso and every site under it
        await quotas.SetLimitAsync(contosoLeeds.Id, "automs", 50, cancellationToken);      // this site only
        var york = await quotas.GetUsageAsync(contosoYork.Id, "automs", cancellationToken); // Limit 20, from Contoso
        // end docs

        Assert.Equal(20, york.Limit);
        Assert.Equal(50, (await quotas.GetUsageAsync(contosoLeeds.Id, "automs", cancellationToken)).Limit);
        Assert.Equal(0, (await quotas.GetUsageAsync(Tree.FabrikamLeeds.Id, "automs", cancellationToken)).Limit);
    }

    [DatabaseFact]
    public async Task List_search_hits_with_their_path_as_the_page_shows()
    {
        var directory = Scope.ServiceProvider.GetRequiredService<ITenantDirectory>();
        var signedInUserId = Tree.MspAdmin.Id;
        var cancellationToken = CancellationToken.None;

        // docs: tenant-operations.md#the-tree-in-the-admin-list-and-switcher
        var page = await directory.ListTreeForAsync(signedInUserId, new TenantQuery { Search = "leeds" }, cancellationToken);
        var paths = page.Items.Select(e => e.PathText).ToList();   // ["MSP / Contoso / Contoso Leeds", "MSP / Fabrikam / Fabrikam Leeds"]
        // end docs

        Assert.Equal(["MSP / Contoso / Contoso Leeds", "MSP / Fabrikam / Fabrikam Leeds"], paths);
    }
}

public sealed class SqliteHierarchyDocsShould() : HierarchyDocsSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresHierarchyDocsShould() : HierarchyDocsSuite(DatabaseProvider.Postgres);
