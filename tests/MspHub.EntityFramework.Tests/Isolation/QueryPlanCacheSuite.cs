using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Isolation;

/// <summary>
/// EF Core's compiled-query cache is shared by every context on one internal service provider, so
/// these tests run alone (see <see cref="QueryPlanCacheTests"/>) and count only their own entries.
/// </summary>
[Collection(QueryPlanCacheTests.Name)]
public abstract class QueryPlanCacheSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.CreateAsync(provider);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Keep_one_cached_query_plan_for_5000_tenants()
    {
        await using var db = _hub.NewDb();
        var cache = (MemoryCache)db.GetService<IMemoryCache>();
        async Task<int> CountFor(Tenant tenant)
        {
            using (_hub.In(tenant))
            {
                return await db.Automs.Where(a => a.Name != "none").CountAsync();
            }
        }

        await CountFor(_hub.A);
        var entriesAfterFirstTenant = cache.Count;
        for (var i = 0; i < 5_000; i++)
        {
            Assert.Equal(0, await CountFor(Tenant.Create($"tenant-{i}", $"Tenant {i}")));
        }

        Assert.Equal(entriesAfterFirstTenant, cache.Count);
    }

    [DatabaseFact]
    public async Task Keep_one_cached_query_plan_for_every_subtree_of_one_size()
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        var admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
        await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(admin);
        var hierarchy = scope.ServiceProvider.GetRequiredService<ITenantHierarchy>();
        var sites = Enumerable.Range(0, 40).Select(i => Tenant.Create($"site-{i}", $"Site {i}", parentId: _hub.A.Id)).ToList();
        await using (var seed = _hub.NewDb())
        {
            seed.AddRange(sites);
            await seed.SaveChangesAsync();
        }

        await using var db = _hub.NewDb();
        var cache = (MemoryCache)db.GetService<IMemoryCache>();
        async Task<int> CountFor(Tenant site)
        {
            using (_hub.Tenancy.BeginSubtreeScope(await hierarchy.GetSubtreeAsync(admin.Id, site.Id), "tests.plan-cache"))
            {
                return await db.Automs.Where(a => a.Name != "none").CountAsync();
            }
        }

        // Each opening is audited in the background, through the same cache: written before counting, every time.
        await CountFor(sites[0]);
        await _hub.FlushAuditAsync();
        var entriesAfterFirstSubtree = cache.Count;
        foreach (var site in sites.Skip(1))
        {
            Assert.Equal(0, await CountFor(site));
        }

        await _hub.FlushAuditAsync();
        Assert.Equal(entriesAfterFirstSubtree, cache.Count);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QueryPlanCacheTests
{
    public const string Name = "EF query plan cache";
}

public sealed class SqliteQueryPlanCacheShould() : QueryPlanCacheSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresQueryPlanCacheShould() : QueryPlanCacheSuite(DatabaseProvider.Postgres);
