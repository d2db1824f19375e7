using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>
/// The read-only subtree scope, attacked on a real database: MSP → Contoso → (Contoso Leeds, Contoso York) and
/// MSP → Fabrikam → Fabrikam Leeds, next to the top-level tenants A and B. A scope over Contoso must never show a row
/// of the MSP (its parent), of Fabrikam's branch (a sibling) or of A and B, and must never write.
/// </summary>
public abstract class SubtreeScopeSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    protected HierarchyFixture Tree { get; private set; } = null!;

    protected ITenantHierarchy Hierarchy => Scope.ServiceProvider.GetRequiredService<ITenantHierarchy>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Tree = await HierarchyFixture.CreateAsync(Hub, Scope.ServiceProvider);
    }

    [DatabaseFact]
    public async Task Show_exactly_the_subtrees_rows_and_no_parent_sibling_or_other_top_level_row()
    {
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        Assert.Equal(Tree.Contoso.Id, subtree.TenantIds[0]);
        Assert.Equal(new[] { Tree.Contoso.Id, Tree.ContosoLeeds.Id, Tree.ContosoYork.Id }.Order(), subtree.TenantIds.Order());

        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["contoso-1", "contoso-leeds-1", "contoso-york-1"], await db.Automs.OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
            Assert.Equal(3, await db.Steps.CountAsync());
            Assert.Equal(3, (await db.Automs.Include(a => a.Steps).ToListAsync()).SelectMany(a => a.Steps).Count());
            Assert.Equal(
                [.. subtree.TenantIds.Order()],
                (await db.Automs.GroupBy(a => a.TenantId).Select(g => g.Key).ToListAsync()).Order());
            Assert.False(await db.Automs.AnyAsync(a => a.TenantId == Tree.Msp.Id || a.TenantId == Tree.FabrikamLeeds.Id || a.TenantId == Hub.A.Id));
            Assert.Null(await db.Automs.FindAsync(Tree.AutomOf[Tree.Fabrikam.Id].Id));
            Assert.Equal(3, await db.Steps.Where(s => db.Automs.Any(a => a.Id == s.AutomId)).CountAsync());
            Assert.Equal(3, await db.Automs.FromSql($"SELECT * FROM automs").CountAsync());
            Assert.True(Hub.Tenancy.Current.IsSubtree);
            Assert.Throws<TenantRequiredException>(() => Hub.Tenancy.Current.RequireTenant("a write"));
        }

        Assert.Equal(TenantContextKind.None, Hub.Tenancy.Current.Kind);
    }

    [DatabaseFact]
    public async Task Leave_out_the_tenants_below_the_root_that_the_caller_cannot_enter()
    {
        // A member of Contoso alone may enter Contoso, not its sites: a roll-up over Contoso must not open them.
        var staff = await Hierarchy.GetSubtreeAsync(Tree.ContosoStaff.Id, Tree.Contoso.Id);
        Assert.Equal([Tree.Contoso.Id], staff.TenantIds);
        Assert.False(staff.Contains(Tree.ContosoLeeds.Id));

        using (Hub.Tenancy.BeginSubtreeScope(staff, "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["contoso-1"], await db.Automs.Select(a => a.Name).ToListAsync());
            Assert.Equal(["contoso-1"], await db.Automs.FromSql($"SELECT * FROM automs").Select(a => a.Name).ToListAsync());
        }

        // A technician granted Contoso alone, then one site more: the roll-up follows the grants, not the tree.
        var technician = HubUser.Create("contoso-technician") with { SystemRole = SystemRole.Technician };
        await InNewScopeAsync(sp => sp.GetRequiredService<IAccessStore>().AddUserAsync(technician));
        await InNewScopeAsync(sp => sp.GetRequiredService<IMspAccessManager>().GrantAsync(technician.Id, Tree.Contoso.Id, ["automs.view"]));
        Assert.Equal([Tree.Contoso.Id], await SubtreeInNewScopeAsync(technician, Tree.Contoso));
        await InNewScopeAsync(sp => sp.GetRequiredService<IMspAccessManager>().GrantAsync(technician.Id, Tree.ContosoYork.Id, ["automs.view"]));
        Assert.Equal([Tree.Contoso.Id, Tree.ContosoYork.Id], await SubtreeInNewScopeAsync(technician, Tree.Contoso));
        await InNewScopeAsync(sp => sp.GetRequiredService<IMspAccessManager>().GrantSubtreeAsync(technician.Id, Tree.Contoso.Id, ["automs.view"], expiresAt: null));
        Assert.Equal(
            new[] { Tree.Contoso.Id, Tree.ContosoLeeds.Id, Tree.ContosoYork.Id }.Order(),
            (await SubtreeInNewScopeAsync(technician, Tree.Contoso)).Order());
    }

    // MSP staff get a shadow membership in every tenant: it lets a technician in, and gives nothing there, a report included.
    [DatabaseFact]
    public async Task Leave_a_technicians_shadow_only_tenants_out_of_a_subtree_and_refuse_a_root_reached_that_way()
    {
        var sam = HubUser.Create("msp-technician") with { SystemRole = SystemRole.Technician };
        await InNewScopeAsync(sp => sp.GetRequiredService<IAccessStore>().AddUserAsync(sam));
        await InNewScopeAsync(sp => sp.GetRequiredService<IMspAccessManager>().DesignateAdminTenancyAsync(Tree.Msp.Id));
        await InNewScopeAsync(sp => sp.GetRequiredService<IAccessStore>().SaveMembershipAsync(new Membership { UserId = sam.Id, TenantId = Tree.Msp.Id, IsPrimary = true }));
        foreach (var tenant in new[] { Tree.Contoso, Tree.ContosoLeeds, Tree.ContosoYork })
        {
            await InNewScopeAsync(sp => sp.GetRequiredService<IMspAccessManager>().AddShadowMembershipsAsync(tenant.Id));
        }

        await InNewScopeAsync(async sp => Assert.True((await sp.GetRequiredService<IPermissionEvaluator>().GetPermissionsAsync(sam.Id, Tree.ContosoLeeds.Id)).CanEnterTenant));
        await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => SubtreeInNewScopeAsync(sam, Tree.Contoso));

        await InNewScopeAsync(sp => sp.GetRequiredService<IMspAccessManager>().GrantAsync(sam.Id, Tree.Contoso.Id, ["automs.view"]));
        Assert.Equal([Tree.Contoso.Id], await SubtreeInNewScopeAsync(sam, Tree.Contoso));
    }

    [DatabaseFact]
    public async Task Include_the_root_alone_for_a_leaf_and_the_whole_tree_for_the_top()
    {
        var leaf = await Hierarchy.GetSubtreeAsync(Tree.MspAdmin.Id, Tree.ContosoYork.Id);
        var top = await Hierarchy.GetSubtreeAsync(Tree.MspAdmin.Id, Tree.Msp.Id);

        using (Hub.Tenancy.BeginSubtreeScope(leaf, "tests.site"))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["contoso-york-1"], await db.Automs.Select(a => a.Name).ToListAsync());
        }

        using (Hub.Tenancy.BeginSubtreeScope(top, "tests.msp"))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(6, await db.Automs.CountAsync());
            Assert.False(await db.Automs.AnyAsync(a => a.TenantId == Hub.A.Id || a.TenantId == Hub.B.Id));
        }
    }

    [DatabaseFact]
    public async Task Refuse_every_save_and_bulk_write_and_leave_the_rows_as_they_were()
    {
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using (var db = Hub.NewDb())
            {
                db.Automs.Add(new Autom { TenantId = Tree.ContosoLeeds.Id, Name = "planted" });
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                var leeds = await db.Automs.SingleAsync(a => a.Name == "contoso-leeds-1");
                leeds.Name = "renamed";
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                db.Automs.Remove(await db.Automs.SingleAsync(a => a.Name == "contoso-1"));
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                db.Categories.Add(new Category { Name = "shared" });
                Assert.Throws<TenantIsolationException>(() => db.SaveChanges());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.ExecuteDeleteAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, "bulk")));
            }
        }

        using (Hub.AcrossTenants("tests.check"))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(8, await db.Automs.CountAsync());
            Assert.Equal(0, await db.Automs.CountAsync(a => a.Name == "planted" || a.Name == "renamed" || a.Name == "bulk"));
            Assert.Equal(0, await db.Categories.CountAsync());
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_root_the_caller_cannot_enter_and_an_unknown_one_alike()
    {
        var sibling = await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Fabrikam.Id));
        var parent = await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Msp.Id));
        var unknown = await Assert.ThrowsAsync<SubtreeAccessDeniedException>(() => Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Guid.CreateVersion7()));

        Assert.Equal(Tree.Fabrikam.Id, sibling.RootId);
        Assert.Equal(parent.Message.Replace(Tree.Msp.Id.ToString(), "x", StringComparison.Ordinal), unknown.Message.Replace(unknown.RootId.ToString(), "x", StringComparison.Ordinal));
        Assert.DoesNotContain(await Hub.AuditRecordsAsync(Tree.Fabrikam.Id), r => r.Action == AuditActions.SubtreeScopeOpened);
    }

    [DatabaseFact]
    public async Task Refuse_switching_the_filter_off_inside_the_scope_also_through_a_captured_query()
    {
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.IgnoreQueryFilters().ToListAsync());
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.IgnoreQueryFilters([MspHubQueryFilters.Tenant]).ToListAsync());

            var everyTenant = db.Automs.IgnoreQueryFilters();
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Steps.Where(s => everyTenant.Any(a => a.Id == s.AutomId)).ToListAsync());

            // A captured query that keeps the tenant filter is inlined by EF Core after the rewrite, and covered then:
            // its steps are the subtree's, never the MSP's, Fabrikam's or A's.
            var ownFiltersOnly = db.Automs.IgnoreQueryFilters([HubTestDb.SoftDelete]).Where(a => a.TenantId != Tree.Contoso.Id);
            var steps = await db.Steps.Select(s => new { s.AutomId, Inside = ownFiltersOnly.Any(a => a.Id == s.AutomId) }).ToListAsync();
            Assert.Equal(3, steps.Count);
            Assert.Equal(2, steps.Count(s => s.Inside));
            var outside = db.Automs.Where(a => a.TenantId == Tree.Fabrikam.Id || a.TenantId == Tree.Msp.Id || a.TenantId == Hub.A.Id);
            Assert.Equal(0, await db.Steps.Where(s => outside.Any(a => a.Id == s.AutomId)).CountAsync());

            // A query composed from a captured one before it runs is rewritten whole.
            Assert.Empty(await db.Categories.Select(c => c.Id).Concat(outside.Select(a => a.Id)).ToListAsync());

            // Tenant-owned rows reached only through a query captured in a lambda over a shared entity: nothing to cover them with.
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Categories.Where(c => outside.Any(a => a.Name == c.Name)).ToListAsync());

            // Own filters named in the query itself are fine, and stay within the subtree.
            Assert.Equal(3, await db.Automs.IgnoreQueryFilters([HubTestDb.SoftDelete]).CountAsync());
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_navigation_from_a_shared_entity_to_tenant_owned_rows()
    {
        // Every automation shares one category, so its back-navigation reaches every tenant's automations.
        Guid categoryId;
        using (Hub.AcrossTenants("tests.setup"))
        await using (var db = Hub.NewDb())
        {
            var category = db.Categories.Add(new Category { Name = "shared" }).Entity;
            await db.SaveChangesAsync();
            categoryId = category.Id;
            await db.Automs.ExecuteUpdateAsync(set => set.SetProperty(a => a.CategoryId, categoryId));
        }

        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using (var db = Hub.NewDb())
            {
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Select(a => a.Category!.Automs.Select(o => o.Name).ToList()).ToListAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Select(a => EF.Property<List<Autom>>(a.Category!, "Automs").Count).ToListAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Include(a => a.Category).ThenInclude(c => c!.Automs).ToListAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Categories.Include("Automs").ToListAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Select(a => ((IHasAutoms)a.Category!).Automs.Count).ToListAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Select(a => EF.Property<List<Autom>>((object)a.Category!, "Automs").Count).ToListAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Select(a => a.Category!).Select(c => c.Automs.Count).ToListAsync());

                // A query over shared rows alone keeps the tenant filter on for the whole query, which refuses by itself.
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Categories.Select(c => c.Automs.Count).ToListAsync());
                Assert.Equal(["shared"], await db.Categories.Select(c => c.Name).ToListAsync());

                // From a tenant-owned row to the shared one is fine: the shared row is everyone's.
                Assert.Equal(3, (await db.Automs.Include(a => a.Category).ToListAsync()).Count(a => a.Category?.Id == categoryId));
            }

            // An auto-included back-navigation is refused too, unless the query leaves auto-includes out.
            var options = new DbContextOptionsBuilder<HubTestDb>(Scope.ServiceProvider.GetRequiredService<DbContextOptions<HubTestDb>>())
                .ReplaceService<IModelCustomizer, AutomsAutoIncluded>()
                .Options;
            await using (var db = new HubTestDb(options))
            {
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Categories.ToListAsync());
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Include(a => a.Category).ToListAsync());
                Assert.Single(await db.Categories.IgnoreAutoIncludes().ToListAsync());
            }
        }
    }

    private sealed class AutomsAutoIncluded(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<Category>().Navigation(c => c.Automs).AutoInclude();
        }
    }

    [DatabaseFact]
    public async Task Refuse_compiled_queries_inside_the_scope()
    {
        var byName = EF.CompileAsyncQuery((HubTestDb db, string name) => db.Automs.FirstOrDefault(a => a.Name == name));
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            await Assert.ThrowsAsync<TenantIsolationException>(() => byName(db, "contoso-1"));
        }
    }

    [DatabaseFact]
    public async Task Audit_the_opening_in_the_roots_chain()
    {
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        using (Hub.In(Hub.A))
        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            Assert.Equal("tests.client-rollup", Hub.Tenancy.Current.ScopeName);
        }

        var opened = Assert.Single(await Hub.AuditRecordsAsync(Tree.Contoso.Id), r => r.Action == AuditActions.SubtreeScopeOpened);
        Assert.Equal(("subtree-scope", "tests.client-rollup", "3"), (opened.TargetType, opened.TargetId, opened.Detail!["tenants"]));
        Assert.DoesNotContain(await Hub.AuditRecordsAsync(Hub.A.Id), r => r.Action == AuditActions.SubtreeScopeOpened);
    }

    [DatabaseFact]
    public async Task Keep_the_set_read_when_the_subtree_was_got_while_the_scope_is_open()
    {
        var subtree = await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id);
        var later = Tenant.Create("contoso-hull", "Contoso Hull", parentId: Tree.Contoso.Id);
        await Hub.Store.AddAsync(later);
        await Hub.AddAutomAsync(later, "contoso-hull-1");

        using (Hub.Tenancy.BeginSubtreeScope(subtree, "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            Assert.False(await db.Automs.AnyAsync(a => a.Name == "contoso-hull-1"));
        }

        using (Hub.Tenancy.BeginSubtreeScope(await Hierarchy.GetSubtreeAsync(Tree.ContosoAdmin.Id, Tree.Contoso.Id), "tests.client-rollup"))
        {
            await using var db = Hub.NewDb();
            Assert.True(await db.Automs.AnyAsync(a => a.Name == "contoso-hull-1"));
        }
    }

    private async Task InNewScopeAsync(Func<IServiceProvider, Task> operation)
    {
        using var scope = Hub.Services.CreateScope();
        await operation(scope.ServiceProvider);
    }

    private async Task<IReadOnlyList<Guid>> SubtreeInNewScopeAsync(HubUser user, Tenant root)
    {
        using var scope = Hub.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ITenantHierarchy>().GetSubtreeAsync(user.Id, root.Id)).TenantIds;
    }
}
