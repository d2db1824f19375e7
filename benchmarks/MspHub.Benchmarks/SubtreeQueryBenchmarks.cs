using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// A query in a subtree scope over a root with 1,000 descendants, against the same query with a hand-written
/// <c>TenantId IN (...)</c> over the same 1,001 ids (the baseline), on SQLite with 1,500 tenants × 20 rows.
/// Issue 17 target: at most 1.1× the baseline's time.
/// </summary>
[MemoryDiagnoser]
public class SubtreeQueryBenchmarks
{
    private const int Descendants = 1_000;
    private const int Outside = 499;
    private const int RowsPerTenant = 20;

    private SqliteConnection _connection = null!;
    private ServiceProvider _services = null!;
    private IDisposable _scope = null!;
    private TenantDb _tenantDb = null!;
    private PlainDb _plainDb = null!;
    private Guid[] _subtreeIds = null!;

    [GlobalSetup]
    public void Setup()
    {
        _connection = new SqliteConnection("Data Source=:memory:");
        _connection.Open();
        _services = new ServiceCollection().AddMspHub(hub => hub.AddInMemoryTenantStore()).Services.BuildServiceProvider();
        _tenantDb = new TenantDb(new DbContextOptionsBuilder<TenantDb>().UseSqlite(_connection).UseMspHub(_services).Options);
        _plainDb = new PlainDb(new DbContextOptionsBuilder<PlainDb>().UseSqlite(_connection).Options);
        _tenantDb.Database.EnsureCreated();

        // A client with 40 offices of 24 sites each (1,000 descendants in all), beside 499 tenants outside it.
        var root = Tenant.Create("client", "Client");
        var inside = new List<Tenant> { root };
        var offices = Enumerable.Range(0, 40).Select(i => Tenant.Create($"office-{i:D2}", $"Office {i}", parentId: root.Id)).ToList();
        inside.AddRange(offices);
        inside.AddRange(Enumerable.Range(0, Descendants - offices.Count).Select(i => Tenant.Create($"site-{i:D4}", $"Site {i}", parentId: offices[i % offices.Count].Id)));
        var outside = Enumerable.Range(0, Outside).Select(i => Tenant.Create($"other-{i:D4}", $"Other {i}")).ToList();

        var tenancy = _services.GetRequiredService<ITenancy>();
        using (tenancy.BeginCrossTenantScope("benchmark.seed"))
        {
            var random = new Random(42);
            _tenantDb.Items.AddRange(inside.Concat(outside).SelectMany(t => Enumerable.Range(0, RowsPerTenant)
                .Select(i => new Item { TenantId = t.Id, Name = $"{t.Slug}-{i}", Score = random.Next(100) })));
            _tenantDb.SaveChanges();
            _tenantDb.ChangeTracker.Clear();
        }

        _subtreeIds = [.. inside.Select(t => t.Id)];
        _scope = tenancy.BeginSubtreeScope(new TenantSubtree(root, _subtreeIds), "benchmark.subtree");
        if (!Subtree().Select(i => i.Id).SequenceEqual(HandWritten().Select(i => i.Id)) || Subtree().Count == 0
            || _tenantDb.Items.Count() != inside.Count * RowsPerTenant)
        {
            throw new InvalidOperationException("The subtree and hand-written queries disagree.");
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

    [Benchmark(Baseline = true, Description = "Hand-written Where(ids.Contains(TenantId)), 1,001 ids")]
    public List<Item> HandWritten() =>
        _plainDb.Items.AsNoTracking().Where(i => _subtreeIds.Contains(i.TenantId) && i.Score > 50).OrderBy(i => i.Name).Take(20).ToList();

    [Benchmark(Description = "MspHub subtree scope, 1,001 tenants")]
    public List<Item> Subtree() =>
        _tenantDb.Items.AsNoTracking().Where(i => i.Score > 50).OrderBy(i => i.Name).Take(20).ToList();

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

    /// <summary>The same table without MspHub, for the baseline.</summary>
    private sealed class PlainDb(DbContextOptions<PlainDb> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Item>().ToTable("items");
    }
}
