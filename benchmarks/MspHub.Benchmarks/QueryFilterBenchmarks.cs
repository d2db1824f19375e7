using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// A query on a tenant-owned set through MspHub's filter, against the same query with a hand-written
/// tenant predicate (the baseline) and with no predicate at all, on SQLite with 20 tenants × 1,000 rows.
/// BRIEF target: at most 1.05× the baseline's time, with the same allocations.
/// </summary>
[MemoryDiagnoser]
public class QueryFilterBenchmarks
{
    private const int Tenants = 20;
    private const int RowsPerTenant = 1_000;

    private SqliteConnection _connection = null!;
    private ServiceProvider _services = null!;
    private IDisposable _scope = null!;
    private TenantDb _tenantDb = null!;
    private PlainDb _plainDb = null!;
    private Guid _tenantId;

    [GlobalSetup]
    public void Setup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _services = new ServiceCollection().AddMspHub(hub => hub.AddInMemoryTenantStore()).Services.BuildServiceProvider();
        _tenantDb = new TenantDb(new DbContextOptionsBuilder<TenantDb>().UseSqlite(_connection).UseMspHub(_services).Options);
        _plainDb = new PlainDb(new DbContextOptionsBuilder<PlainDb>().UseSqlite(_connection).Options);
        _tenantDb.Database.EnsureCreated();

        var tenancy = _services.GetRequiredService<ITenancy>();
        var tenants = Enumerable.Range(0, Tenants).Select(i => Tenant.Create($"bench-{i:D2}", $"Tenant {i}")).ToArray();
        using (tenancy.BeginCrossTenantScope("benchmark.seed"))
        {
            var random = new Random(42);
            _tenantDb.Items.AddRange(tenants.SelectMany(t => Enumerable.Range(0, RowsPerTenant)
                .Select(i => new Item { TenantId = t.Id, Name = $"item-{i}", Score = random.Next(100) })));
            _tenantDb.SaveChanges();
            _tenantDb.ChangeTracker.Clear();
        }

        _tenantId = tenants[Tenants / 2].Id;
        _scope = tenancy.BeginScope(tenants[Tenants / 2]);
        if (!Filtered().Select(i => i.Id).SequenceEqual(HandWritten().Select(i => i.Id)) || Filtered().Count == 0)
        {
            throw new InvalidOperationException("The filtered and hand-written queries disagree.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _tenantDb.Dispose();
        _plainDb.Dispose();
        _services.Dispose();
        _connection.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Hand-written Where(TenantId == t)")]
    public List<Item> HandWritten() =>
        _plainDb.Items.AsNoTracking().Where(i => i.TenantId == _tenantId && i.Score > 50).OrderBy(i => i.Name).Take(20).ToList();

    [Benchmark(Description = "MspHub tenant filter")]
    public List<Item> Filtered() =>
        _tenantDb.Items.AsNoTracking().Where(i => i.Score > 50).OrderBy(i => i.Name).Take(20).ToList();

    [Benchmark(Description = "No tenant predicate (all tenants)")]
    public List<Item> Unfiltered() =>
        _plainDb.Items.AsNoTracking().Where(i => i.Score > 50).OrderBy(i => i.Name).Take(20).ToList();

    public sealed class Item : ITenantOwned
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();

        public Guid TenantId { get; set; }

        public required string Name { get; set; }

        public int Score { get; set; }
    }

    private sealed class TenantDb(DbContextOptions<TenantDb> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Item>().ToTable("items");
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    /// <summary>The same table without MspHub, for the baseline and the unfiltered query.</summary>
    private sealed class PlainDb(DbContextOptions<PlainDb> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Item>().ToTable("items");
    }
}
