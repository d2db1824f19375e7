using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.Licensing;

namespace MspHub.AspNetCore.Tests.Docs.DataIsolation;

/// <summary>
/// The race-free quotas of docs/licensing.md, run exactly as the page shows them (the marked regions) on the model of
/// docs/data-isolation.md, on SQLite: a licence default of one automation per tenant.
/// </summary>
public sealed class QuotasShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-quotas-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddLicensing(TestLicences.Install(TestLicences.Licence(quotas: new Dictionary<string, long> { ["automs"] = 1 }))));
        _services = services.BuildServiceProvider(validateScopes: true);
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
        await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Acme);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private async Task InAcmeAsync(Func<HubDb, IQuotaCounter, Task> work)
    {
        await using var scope = _services.CreateAsyncScope();
        using (_services.GetRequiredService<ITenancy>().BeginScope(Acme))
        {
            await work(scope.ServiceProvider.GetRequiredService<HubDb>(), scope.ServiceProvider.GetRequiredService<IQuotaCounter>());
        }
    }

    private async Task<int> CountAutomsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        using (_services.GetRequiredService<ITenancy>().BeginScope(Acme))
        {
            return await scope.ServiceProvider.GetRequiredService<HubDb>().Automs.CountAsync();
        }
    }

    [Fact]
    public async Task Count_an_item_in_the_transaction_that_saves_it_and_refuse_one_over_the_limit()
    {
        var cancellationToken = CancellationToken.None;

        Task AddAsync(Autom autom) => InAcmeAsync(async (db, quotas) =>
        {
            // docs: licensing.md#quotas consume
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await quotas.ConsumeAsync("automs", 1, cancellationToken);   // QuotaExceededException at the limit
            db.Automs.Add(autom);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            // end docs
        });

        await AddAsync(new Autom { Name = "Backup" });
        var refused = await Assert.ThrowsAsync<QuotaExceededException>(() => AddAsync(new Autom { Name = "Patch" }));

        Assert.Equal("Quota 'automs' exceeded: 1 of 1 used; raise the tenant's limit or remove items.", refused.Message);
        Assert.Equal(1, await CountAutomsAsync());
    }

    [Fact]
    public async Task Let_a_claim_open_the_transaction_and_refuse_one_over_the_limit()
    {
        var cancellationToken = CancellationToken.None;

        Task AddAsync(Autom autom) => InAcmeAsync(async (db, quotas) =>
        {
            // docs: licensing.md#quotas claim
            await using var claim = await quotas.ClaimAsync("automs", 1, cancellationToken);
            db.Automs.Add(autom);
            await db.SaveChangesAsync(cancellationToken);
            await claim.CommitAsync(cancellationToken);   // disposing without committing rolls back count and item
            // end docs
        });

        await AddAsync(new Autom { Name = "Backup" });
        await Assert.ThrowsAsync<QuotaExceededException>(() => AddAsync(new Autom { Name = "Patch" }));

        Assert.Equal(1, await CountAutomsAsync());
    }

    /// <summary>A context whose automations count toward the <c>automs</c> quota, as the page's reconciling section declares it.</summary>
    public sealed class CountingDb(DbContextOptions<CountingDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            // docs: licensing.md#reconciling
            modelBuilder.Entity<Autom>().CountsTowardQuota("automs");   // in OnModelCreating, before ApplyMspHub

            // end docs
            modelBuilder.ApplyMspHub(this);
        }
    }

    [Fact]
    public async Task Reconcile_counters_with_the_rows_that_count_toward_them()
    {
        var cancellationToken = CancellationToken.None;
        var file = Path.Combine(Path.GetTempPath(), $"msphub-docs-reconcile-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<CountingDb>(o => o.UseSqlite($"Data Source={file};Pooling=false"));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<CountingDb>());
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        try
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CountingDb>();
            await db.Database.EnsureCreatedAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Acme, cancellationToken);
            using (provider.GetRequiredService<ITenancy>().BeginScope(Acme))
            {
                db.AddRange(new Autom { Name = "a" }, new Autom { Name = "b" }, new Autom { Name = "c" });   // created without counting
                await db.SaveChangesAsync(cancellationToken);
            }

            var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
            // docs: licensing.md#reconciling
            var corrections = await quotas.ReconcileAsync(cancellationToken);
            // [QuotaCorrection { TenantId = ..., Quota = automs, Counted = 1, Actual = 3 }, ...]
            // end docs

            Assert.Equal([new QuotaCorrection(Acme.Id, "automs", Counted: 0, Actual: 3)], corrections);
            Assert.Empty(await quotas.ReconcileAsync(cancellationToken));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
