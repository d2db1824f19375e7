using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Caching.Memory;

namespace MspHub.Tests.Isolation;

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
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QueryPlanCacheTests
{
    public const string Name = "EF query plan cache";
}

public sealed class SqliteQueryPlanCacheShould() : QueryPlanCacheSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresQueryPlanCacheShould() : QueryPlanCacheSuite(DatabaseProvider.Postgres);
