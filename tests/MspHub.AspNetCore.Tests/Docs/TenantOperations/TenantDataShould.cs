using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.AspNetCore.Tests.Docs.TenantOperations;

/// <summary>The host's context for the tenant operations page.</summary>
public sealed class OperationsDb(DbContextOptions<OperationsDb> options) : DbContext(options)
{
    public DbSet<Autom> Automs => Set<Autom>();

    public DbSet<Dashboard> Dashboards => Set<Dashboard>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // docs: tenant-operations.md#tenant-summary-report
        modelBuilder.Entity<Autom>().TracksTenantActivity(a => a.UpdatedAt);   // optional: a DateTime (UTC) of last change

        // end docs
        modelBuilder.ApplyMspHub(this);
    }
}

/// <summary>The summary report and the data transfers of docs/tenant-operations.md, run exactly as the page shows them (the marked regions), on SQLite.</summary>
public sealed class TenantDataShould : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-tenant-data-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<OperationsDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<OperationsDb>());
        _services = services.BuildServiceProvider(validateScopes: true);
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OperationsDb>().Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private async Task<Tenant> CreateAsync(string slug)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync(slug, slug);
    }

    private async Task<T> InAsync<T>(Tenant tenant, Func<OperationsDb, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        using (_services.GetRequiredService<ITenancy>().BeginScope(tenant))
        {
            return await work(scope.ServiceProvider.GetRequiredService<OperationsDb>());
        }
    }

    private Task<int> AddAsync(Tenant tenant, params object[] rows) => InAsync(tenant, db =>
    {
        db.AddRange(rows);
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task Summarise_each_tenants_rows_and_last_activity()
    {
        var cancellationToken = CancellationToken.None;
        var acme = await CreateAsync("acme");
        await CreateAsync("globex");
        var latest = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        await AddAsync(acme, new Autom { Name = "Backup", UpdatedAt = latest.AddDays(-3) }, new Autom { Name = "Patch", UpdatedAt = latest });
        await using var scope = _services.CreateAsyncScope();
        var summaries = scope.ServiceProvider.GetRequiredService<ITenantSummaries>();

        // docs: tenant-operations.md#tenant-summary-report
        var report = await summaries.GetAsync(new TenantQuery { SortBy = TenantSortField.Name, PageSize = 50 }, cancellationToken);
        // report.Items[0].Counts["Autom"], .Quotas, .LastActivity
        // end docs

        Assert.Equal(["acme", "globex"], report.Items.Select(s => s.Slug));
        Assert.Equal((2L, latest), (report.Items[0].Counts["Autom"], report.Items[0].LastActivity));
        Assert.Equal(0L, report.Items[1].Counts["Autom"]);
    }

    [Fact]
    public async Task Move_merge_and_copy_rows_between_tenants()
    {
        var cancellationToken = CancellationToken.None;
        var msp = await CreateAsync("msp");
        var acme = await CreateAsync("acme");
        var globex = await CreateAsync("globex");
        var source = await CreateAsync("old-client");
        var (from, to, target) = (acme, globex, globex);
        await AddAsync(acme, new Autom { Name = "Nightly", Folder = "backups" }, new Autom { Name = "Patch", Folder = "updates" });
        await AddAsync(source, new Autom { Name = "Legacy" });
        await AddAsync(msp, new Dashboard { Name = "NOC overview" }, new Dashboard { Name = "Internal" });
        await using var scope = _services.CreateAsyncScope();
        var transfer = scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();

        // docs: tenant-operations.md#moving-data-between-tenants
        var report = await transfer.MoveAsync<Autom>(from.Id, to.Id, a => a.Folder == "backups", cancellationToken);
        var merged = await transfer.MergeAsync(source.Id, target.Id, confirmSourceSlug: "old-client", cancellationToken: cancellationToken);
        var copies = await transfer.CopyAsync<Dashboard>(msp.Id, d => d.Name == "NOC overview", [acme.Id, globex.Id], cancellationToken);
        // end docs

        Assert.Equal(1, report.Rows.Values.Sum());
        Assert.Equal(1, merged.Rows.Values.Sum());
        Assert.Equal(2, copies.Count);
        Assert.Equal(["Patch"], await InAsync(acme, db => db.Automs.Select(a => a.Name).ToListAsync()));
        Assert.Equal(["Legacy", "Nightly"], await InAsync(globex, db => db.Automs.Select(a => a.Name).Order().ToListAsync()));
        Assert.Equal(["NOC overview"], await InAsync(acme, db => db.Dashboards.Select(d => d.Name).ToListAsync()));
        Assert.Equal(2, await InAsync(msp, db => db.Dashboards.CountAsync()));
        await using var check = _services.CreateAsyncScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(source.Id, cancellationToken));
    }
}
