using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// One page of the admin tenant list (search, sort, count, page) with 10,000 and 100,000 tenants, through the
/// EF tenant store as the admin pages call it (BRIEF target: at most 5 ms at 10,000 and 20 ms at 100,000), on a
/// SQLite file and, when MSPHUB_BENCH_POSTGRES is set, on PostgreSQL. Every other tenant has used some of the
/// <c>automs</c> quota, so the usage sort orders real counters, not only absent ones.
/// </summary>
[MemoryDiagnoser]
public class TenantListBenchmarks
{
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private ITenantStore _tenants = null!;
    private string? _sqliteFile;
    private string? _postgresDatabase;

    // postgres-trgm: PostgreSQL with the optional trigram indexes (PostgresTenantSearchIndexes) a host may add.
    [Params("sqlite", "postgres", "postgres-trgm")]
    public string Database { get; set; } = "sqlite";

    [Params(10_000, 100_000)]
    public int Tenants { get; set; } = 10_000;

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
        if (Database == "postgres-trgm")
        {
            db.Database.ExecuteSqlRaw(PostgresTenantSearchIndexes.CreateScript());
        }

        var clock = DateTimeOffset.UtcNow;
        db.AddRange(Enumerable.Range(0, Tenants).Select(i => Tenant.Create($"tenant-{i:D6}", $"Customer {i * 7919L % Tenants:D6}") with
        {
            CreatedAt = clock.AddMinutes(-i),
        }));
        db.SaveChanges();
        SeedUsage(db);
        if (Database != "sqlite")
        {
            db.Database.ExecuteSqlRaw("VACUUM ANALYZE");
        }
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

    [Benchmark(Description = "Search 'customer 0012', sorted by creation time, newest first")]
    public PagedResult<Tenant> Search() => List(new TenantQuery { Search = "customer 0012", SortBy = TenantSortField.CreatedAt, Descending = true, PageSize = 50 });

    [Benchmark(Description = "Page 10, sorted by quota usage")]
    public PagedResult<Tenant> ByUsage() => List(new TenantQuery { Page = 10, PageSize = 50, SortBy = TenantSortField.Usage, UsageQuota = "automs", Descending = true });

    // Raw SQL because the counter rows are the store's own; the same statement runs on both providers.
    private static void SeedUsage(ListDb db)
    {
        var counters = db.Model.GetEntityTypes().Single(e => e.GetTableName() == "quota_counters");
        var tenants = db.Model.FindEntityType(typeof(Tenant))!;
        var sql = $"""
            INSERT INTO {Table(counters)} (tenant_id, quota, used)
            SELECT id, 'automs', CAST(substr(name, 10) AS INTEGER) % 997 + 1 FROM {Table(tenants)}
            WHERE CAST(substr(slug, 8) AS INTEGER) % 2 = 0
            """;
#pragma warning disable EF1002 // table names from the model, no input
        db.Database.ExecuteSqlRaw(sql);
#pragma warning restore EF1002
    }

    private static string Table(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        type.GetSchema() is { } schema ? $"\"{schema}\".\"{type.GetTableName()}\"" : $"\"{type.GetTableName()}\"";

    private PagedResult<Tenant> List(TenantQuery query) => _tenants.ListAsync(query).GetAwaiter().GetResult();

    private sealed class ListDb(DbContextOptions<ListDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
