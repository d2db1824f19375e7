using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>The admin list and switcher with the tree: parent, depth, children count and path, in a fixed number of queries.</summary>
public abstract class TenantTreeListingSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CommandCounter _commands = new();
    private TestHub _hub = null!;
    private IServiceScope _scope = null!;
    private HierarchyFixture _tree = null!;

    private ITenantDirectory Directory => _scope.ServiceProvider.GetRequiredService<ITenantDirectory>();

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, database: o => o.AddInterceptors(_commands));
        _scope = _hub.Services.CreateScope();
        _tree = await HierarchyFixture.CreateAsync(_hub, _scope.ServiceProvider);
    }

    public async Task DisposeAsync()
    {
        _scope.Dispose();
        await _hub.DisposeAsync();
    }

    [DatabaseFact]
    public async Task Return_search_matches_with_their_path_depth_and_children()
    {
        var page = await Directory.ListTreeForAsync(_tree.MspAdmin.Id, new TenantQuery { Search = "leeds" });

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(["MSP / Contoso / Contoso Leeds", "MSP / Fabrikam / Fabrikam Leeds"], page.Items.Select(e => e.PathText));
        Assert.All(page.Items, e => Assert.Equal((2, 0), (e.Depth, e.ChildrenCount)));
        Assert.Equal([_tree.Contoso.Id, _tree.Fabrikam.Id], page.Items.Select(e => e.Tenant.ParentId!.Value));
    }

    [DatabaseFact]
    public async Task List_each_level_with_its_children_count()
    {
        var page = await Directory.ListTreeForAsync(_tree.MspAdmin.Id, new TenantQuery { SortBy = TenantSortField.Slug, PageSize = 20 });
        var bySlug = page.Items.ToDictionary(e => e.Tenant.Slug);

        Assert.Equal((0, 2), (bySlug["msp"].Depth, bySlug["msp"].ChildrenCount));
        Assert.Equal((1, 2, "MSP / Contoso"), (bySlug["contoso"].Depth, bySlug["contoso"].ChildrenCount, bySlug["contoso"].PathText));
        Assert.Equal((1, 1), (bySlug["fabrikam"].Depth, bySlug["fabrikam"].ChildrenCount));
        Assert.Equal((0, 0, "Tenant A"), (bySlug["tenant-a"].Depth, bySlug["tenant-a"].ChildrenCount, bySlug["tenant-a"].PathText));
    }

    [DatabaseFact]
    public async Task Show_a_member_only_their_tenants_still_with_the_path_above_them()
    {
        var page = await Directory.ListTreeForAsync(_tree.ContosoStaff.Id, new TenantQuery());
        var branch = await Directory.ListTreeForAsync(_tree.ContosoAdmin.Id, new TenantQuery { SortBy = TenantSortField.Slug });

        // Contoso's two sites are closed to its staff, so they are not even counted; its branch admin sees and counts them.
        var only = Assert.Single(page.Items);
        Assert.Equal(("MSP / Contoso", 1, 0), (only.PathText, only.Depth, only.ChildrenCount));
        Assert.Equal([("contoso", 2), ("contoso-leeds", 0), ("contoso-york", 0)], branch.Items.Select(e => (e.Tenant.Slug, e.ChildrenCount)));
    }

    [DatabaseFact]
    public async Task Cost_the_same_number_of_queries_however_many_tenants_the_page_holds()
    {
        var query = new TenantQuery { SortBy = TenantSortField.Slug, PageSize = 100 };
        _ = await Directory.ListTreeForAsync(_tree.MspAdmin.Id, query);   // warm: model and plans built
        var small = await CountCommandsAsync(() => Directory.ListTreeForAsync(_tree.MspAdmin.Id, query));

        var parent = _tree.ContosoLeeds;
        for (var i = 0; i < 30; i++)
        {
            var site = Tenant.Create($"site-{i:00}", $"Site {i:00}", parentId: parent.Id);
            await _hub.Store.AddAsync(site);
            parent = i % 3 == 0 ? parent : site;
        }

        var large = await CountCommandsAsync(() => Directory.ListTreeForAsync(_tree.MspAdmin.Id, query));
        var page = await Directory.ListTreeForAsync(_tree.MspAdmin.Id, query);

        Assert.Equal(38, page.Items.Count);
        Assert.Equal(small.Commands, large.Commands);
        Assert.InRange(large.Commands, 1, 4);
        Assert.Contains(page.Items, e => e.Depth >= 5);
    }

    private async Task<(int Commands, T Result)> CountCommandsAsync<T>(Func<Task<T>> run)
    {
        var before = _commands.Count;
        var result = await run();
        return (_commands.Count - before, result);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return new(result);
        }
    }
}

public sealed class SqliteTenantTreeListingShould() : TenantTreeListingSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantTreeListingShould() : TenantTreeListingSuite(DatabaseProvider.Postgres);
