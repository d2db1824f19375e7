using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>
/// The roll-up report over a subtree, attacked on a real database: a summary of Contoso must hold Contoso and its sites
/// with their own counts and quota usage, never a row of the MSP (its parent) or of Fabrikam's branch (a sibling), and a
/// caller who cannot enter the root gets nothing.
/// </summary>
public abstract class SubtreeSummariesSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private HierarchyFixture Tree { get; set; } = null!;

    private ITenantSummaries Summaries => Scope.ServiceProvider.GetRequiredService<ITenantSummaries>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Tree = await HierarchyFixture.CreateAsync(Hub, Scope.ServiceProvider);
        // A second autom in the parent and in a sibling's site, and quota counters on both sides of Contoso's walls.
        await Hub.AddAutomAsync(Tree.Msp, "msp-2");
        await Hub.AddAutomAsync(Tree.FabrikamLeeds, "fabrikam-leeds-2");
        var quotas = Scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        await quotas.SetSubtreeLimitAsync(Tree.Contoso.Id, "automs", 8);
        await quotas.SetLimitAsync(Tree.ContosoYork.Id, "automs", 3);
        await quotas.SetLimitAsync(Tree.Msp.Id, "automs", 40);
        await quotas.SetLimitAsync(Tree.FabrikamLeeds.Id, "automs", 9);
        foreach (var tenant in new[] { Tree.ContosoLeeds, Tree.Msp, Tree.FabrikamLeeds })
        {
            using var scope = Hub.Services.CreateScope();
            using (Hub.In(tenant))
            {
                await using var claim = await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ClaimAsync("automs", 2);
                await claim.CommitAsync();
            }
        }
    }

    [DatabaseFact]
    public async Task Summarise_exactly_the_root_and_its_descendants_with_their_own_counts_and_inherited_limits()
    {
        var report = await Summaries.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);

        Assert.Equal(Tree.Contoso.Id, report[0].TenantId);
        Assert.Equal(new[] { Tree.Contoso.Id, Tree.ContosoLeeds.Id, Tree.ContosoYork.Id }.Order(), report.Select(s => s.TenantId).Order());
        Assert.All(report, s => Assert.Equal(1, s.Counts["Autom"]));
        var bySlug = report.ToDictionary(s => s.Slug);
        Assert.Equal([new QuotaUsage("automs", 0, 8)], bySlug["contoso"].Quotas);
        Assert.Equal([new QuotaUsage("automs", 2, 8)], bySlug["contoso-leeds"].Quotas);
        Assert.Equal([new QuotaUsage("automs", 0, 3)], bySlug["contoso-york"].Quotas);

        var opened = Assert.Single(await Hub.AuditRecordsAsync(Tree.Contoso.Id), r => r.Action == AuditActions.SubtreeScopeOpened);
        Assert.Equal(("msphub.subtree-summary", "3"), (opened.TargetId, opened.Detail!["tenants"]));
    }

    [DatabaseFact]
    public async Task Summarise_a_site_alone_and_the_whole_tree_from_its_top()
    {
        var site = Assert.Single(await Summaries.GetSubtreeAsync(Tree.MspAdmin.Id, Tree.ContosoYork.Id));
        var whole = await Summaries.GetSubtreeAsync(Tree.MspAdmin.Id, Tree.Msp.Id);

        Assert.Equal(Tree.ContosoYork.Id, site.TenantId);
        Assert.Equal(Tree.All.Select(t => t.Id).Order(), whole.Select(s => s.TenantId).Order());
        Assert.Equal(2, whole.Single(s => s.TenantId == Tree.Msp.Id).Counts["Autom"]);
        Assert.Equal([new QuotaUsage("automs", 2, 9)], whole.Single(s => s.TenantId == Tree.FabrikamLeeds.Id).Quotas);
    }

    [DatabaseFact]
    public async Task Refuse_a_caller_who_cannot_enter_the_root_and_read_nothing()
    {
        var sibling = await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => Summaries.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Fabrikam.Id));
        var parent = await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => Summaries.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Msp.Id));
        await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => Summaries.GetSubtreeAsync(Guid.CreateVersion7(), Tree.Contoso.Id));

        Assert.Equal((Tree.Fabrikam.Id, Tree.Msp.Id), (sibling.RootId, parent.RootId));
        foreach (var tenant in new[] { Tree.Msp, Tree.Fabrikam, Tree.Contoso })
        {
            Assert.DoesNotContain(await Hub.AuditRecordsAsync(tenant.Id), r => r.Action == AuditActions.SubtreeScopeOpened);
        }
    }
}

public sealed class SqliteSubtreeSummariesShould() : SubtreeSummariesSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresSubtreeSummariesShould() : SubtreeSummariesSuite(DatabaseProvider.Postgres);
