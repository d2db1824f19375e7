using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// One page of the admin tenant list (search, sort, count, page) with 10,000 tenants, through the EF tenant
/// store as the admin pages call it (BRIEF target: at most 20 ms), on a SQLite file and, when
/// MSPHUB_BENCH_POSTGRES is set, on PostgreSQL.
/// </summary>
[MemoryDiagnoser]
public class TenantListBenchmarks
{
    private const int TenantCount = 10_000;

    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private ITenantStore _tenants = null!;
    private string? _sqliteFile;
    private string? _postgresDatabase;

    [Params("sqlite", "postgres")]
    public string Database { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        if (Database == "sqlite")
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"msphub-bench-{Guid.NewGuid():N}.db");
            services.AddDbContext<ListDb>(o => o.UseSqlite($"Data Source={_sqliteFile}"));
        }
        else
        {
            (_postgresDatabase, var connectionString) = BenchmarkPostgres.Create();
            services.AddDbContext<ListDb>(o => o.UseNpgsql(connectionString));
        }

        services.AddMspHub(hub => hub.AddEntityFrameworkStores<ListDb>());
        _services = services.BuildServiceProvider();
        _scope = _services.CreateScope();
        var db = _scope.ServiceProvider.GetRequiredService<ListDb>();
        db.Database.EnsureCreated();
        var clock = DateTimeOffset.UtcNow;
        db.AddRange(Enumerable.Range(0, TenantCount).Select(i => Tenant.Create($"tenant-{i:D5}", $"Customer {i * 7919 % TenantCount:D5}") with
        {
            CreatedAt = clock.AddMinutes(-i),
        }));
        db.SaveChanges();
        db.ChangeTracker.Clear();
        _tenants = _scope.ServiceProvider.GetRequiredService<ITenantStore>();
        if (ByName().Items.Count != 50 || Search().TotalCount == 0)
        {
            throw new InvalidOperationException("The benchmark set-up does not list its own tenants.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        if (_sqliteFile is not null)
        {
            File.Delete(_sqliteFile);
        }

        if (_postgresDatabase is not null)
        {
            BenchmarkPostgres.Drop(_postgresDatabase);
        }
    }

    [Benchmark(Description = "Page 100 of 200, sorted by name")]
    public PagedResult<Tenant> ByName() => List(new TenantQuery { Page = 100, PageSize = 50 });

    [Benchmark(Description = "Search 'customer 012', sorted by creation time, newest first")]
    public PagedResult<Tenant> Search() => List(new TenantQuery { Search = "customer 012", SortBy = TenantSortField.CreatedAt, Descending = true, PageSize = 50 });

    [Benchmark(Description = "Page 10, sorted by quota usage")]
    public PagedResult<Tenant> ByUsage() => List(new TenantQuery { Page = 10, PageSize = 50, SortBy = TenantSortField.Usage, UsageQuota = "automs", Descending = true });

    private PagedResult<Tenant> List(TenantQuery query) => _tenants.ListAsync(query).GetAwaiter().GetResult();

    private sealed class ListDb(DbContextOptions<ListDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
