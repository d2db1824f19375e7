using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// Creating one tenant-owned row in its own transaction on PostgreSQL, with and without counting it
/// against the tenant's quota first (the conditional UPDATE the counter runs). Both rows go through the
/// same MspHub context, so the difference is the quota alone. BRIEF target: at most 1.3× the plain insert.
/// Needs a PostgreSQL server: set MSPHUB_BENCH_POSTGRES to a connection string for a role that may create databases.
/// </summary>
[MemoryDiagnoser]
public class QuotaInsertBenchmarks
{
    private string _database = null!;
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private IDisposable _tenantScope = null!;
    private BenchDb _db = null!;
    private IQuotaCounter _quotas = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_database, var connectionString) = BenchmarkPostgres.Create();

        var services = new ServiceCollection();
        services.AddDbContext<BenchDb>(o => o.UseNpgsql(connectionString));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<BenchDb>());
        _services = services.BuildServiceProvider();
        _scope = _services.CreateScope();
        _db = _scope.ServiceProvider.GetRequiredService<BenchDb>();
        _db.Database.EnsureCreated();

        var tenant = Tenant.Create("bench", "Bench");
        _scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant).GetAwaiter().GetResult();
        _quotas = _scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        _quotas.SetLimitAsync(tenant.Id, "items", long.MaxValue / 2).GetAwaiter().GetResult();
        _tenantScope = _services.GetRequiredService<ITenancy>().BeginScope(tenant);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tenantScope.Dispose();
        _scope.Dispose();
        _services.Dispose();
        BenchmarkPostgres.Drop(_database);
    }

    [Benchmark(Baseline = true, Description = "Plain insert in a transaction")]
    public Task PlainInsert() => InsertAsync(countQuota: false);

    [Benchmark(Description = "Quota consume + insert in a transaction")]
    public Task QuotaAndInsert() => InsertAsync(countQuota: true);

    private async Task InsertAsync(bool countQuota)
    {
        await using var transaction = await _db.Database.BeginTransactionAsync();
        if (countQuota)
        {
            await _quotas.ConsumeAsync("items");
        }

        _db.Items.Add(new Item { Name = "item" });
        await _db.SaveChangesAsync();
        await transaction.CommitAsync();
        _db.ChangeTracker.Clear();
    }

    public sealed class Item : ITenantOwned
    {
        public Guid Id { get; set; } = Guid.CreateVersion7();

        public Guid TenantId { get; set; }

        public required string Name { get; set; }
    }

    private sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Item>().ToTable("items");
            modelBuilder.ApplyMspHub(this);
        }
    }
}
