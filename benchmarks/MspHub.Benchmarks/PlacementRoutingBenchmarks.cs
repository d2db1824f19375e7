using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.Benchmarks;

/// <summary>
/// What placement routing costs a request: a pooled tenant data context routed to the tenant's placement
/// (<c>UseTenantPlacements</c>, <c>RouteToTenantPlacements</c>) against the same pooled context with the placement's
/// connection string fixed (the baseline), both with row-level security, as the same non-owner role, on the same
/// database. One read by key; one save of a new row, which on the routed context also takes the tenant's write fence
/// key in shared mode (one more round trip) so a move can fence it. Needs MSPHUB_BENCH_POSTGRES.
/// </summary>
[MemoryDiagnoser]
public class PlacementRoutingBenchmarks
{
    private readonly string _appRole = $"msphub_bench_routing_{Guid.NewGuid():N}";
    private string _control = null!;
    private string _shared = null!;
    private ServiceProvider _routed = null!;
    private ServiceProvider _plain = null!;
    private IDbContextFactory<LoadDataDb> _routedFactory = null!;
    private IDbContextFactory<LoadDataDb> _plainFactory = null!;
    private IDisposable _routedScope = null!;
    private IDisposable _plainScope = null!;
    private Guid _ticket;

    // The tenant scopes begin here, on the thread the benchmarks run on: a scope begun inside an async method would not flow back out of it.
    [GlobalSetup]
    public void Setup()
    {
        var tenant = SetupAsync().GetAwaiter().GetResult();
        _routedScope = _routed.GetRequiredService<ITenancy>().BeginScope(tenant);
        _plainScope = _plain.GetRequiredService<ITenancy>().BeginScope(tenant);
        SaveAsync(_routedFactory).GetAwaiter().GetResult();
        SaveAsync(_plainFactory).GetAwaiter().GetResult();
        using var db = _plainFactory.CreateDbContext();
        _ticket = db.Tickets.First().Id;
        if (ReadAsync(_routedFactory).GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("The routed context does not see the tenant's row.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _routedScope.Dispose();
        _plainScope.Dispose();
        _routed.Dispose();
        _plain.Dispose();
        BenchmarkPostgres.Drop(_shared);
        BenchmarkPostgres.Drop(_control);
        BenchmarkPostgres.Execute($"DROP ROLE IF EXISTS {_appRole}");
    }

    [Benchmark(Baseline = true, Description = "Read by key, fixed connection")]
    public Task<string?> ReadPlain() => ReadAsync(_plainFactory);

    [Benchmark(Description = "Read by key, routed by placement")]
    public Task<string?> ReadRouted() => ReadAsync(_routedFactory);

    [Benchmark(Description = "Save one row, fixed connection")]
    public Task<int> SavePlain() => SaveAsync(_plainFactory);

    [Benchmark(Description = "Save one row, routed by placement (with the write fence)")]
    public Task<int> SaveRouted() => SaveAsync(_routedFactory);

    private async Task<string?> ReadAsync(IDbContextFactory<LoadDataDb> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Tickets.Where(t => t.Id == _ticket).Select(t => t.Title).FirstOrDefaultAsync();
    }

    private static async Task<int> SaveAsync(IDbContextFactory<LoadDataDb> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Tickets.Add(new LoadTicket { Title = "bench" });
        return await db.SaveChangesAsync();
    }

    private async Task<Tenant> SetupAsync()
    {
        (_control, var control) = BenchmarkPostgres.Create();
        (_shared, var sharedAdmin) = BenchmarkPostgres.Create();
        BenchmarkPostgres.Execute($"CREATE ROLE {_appRole} LOGIN NOSUPERUSER NOBYPASSRLS");
        var sharedApp = new NpgsqlConnectionStringBuilder(sharedAdmin) { Username = _appRole }.ConnectionString;

        var routed = new ServiceCollection().AddLogging();
        routed.AddMspHub(hub => hub
            .AddEntityFrameworkStores<LoadControlDb>()
            .AddTenantPlacements<LoadControlDb, LoadDataDb>(o => o.Servers.Add(new PlacementServer { Name = "a", ConnectionString = sharedApp, AdminConnectionString = sharedAdmin })));
        routed.AddDbContextPool<LoadControlDb>(o => o.UseNpgsql(control));
        routed.AddPooledDbContextFactory<LoadDataDb>((sp, o) => o.UseNpgsql().UseMspHub(sp, m => m.PostgresRowLevelSecurity = true).UseTenantPlacements(sp));
        routed.RouteToTenantPlacements<LoadDataDb>();
        _routed = routed.BuildServiceProvider();

        var plain = new ServiceCollection().AddLogging();
        plain.AddMspHub(hub => hub.AddInMemoryTenantStore());
        plain.AddPooledDbContextFactory<LoadDataDb>((sp, o) => o.UseNpgsql(sharedApp).UseMspHub(sp, m => m.PostgresRowLevelSecurity = true));
        _plain = plain.BuildServiceProvider();

        var tenant = Tenant.Create("bench", "Bench");
        using (var scope = _routed.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<LoadControlDb>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant);
            await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().PlaceAsync(tenant.Id, PlacementKind.Shared);
        }

        await using (var owner = new LoadDataDb(new DbContextOptionsBuilder<LoadDataDb>().UseNpgsql(sharedAdmin).UseMspHub(_routed).Options))
        {
            await owner.Database.EnsureCreatedAsync();
            await owner.Database.EnableTenantRowLevelSecurityAsync();
            var grant = $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {_appRole}";
            await owner.Database.ExecuteSqlRawAsync(grant);
        }

        _routedFactory = _routed.GetRequiredService<IDbContextFactory<LoadDataDb>>();
        _plainFactory = _plain.GetRequiredService<IDbContextFactory<LoadDataDb>>();
        return tenant;
    }
}
