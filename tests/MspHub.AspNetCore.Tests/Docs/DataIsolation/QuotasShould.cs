using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.Licensing;

namespace MspHub.Tests.Docs.DataIsolation;

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

        Assert.Equal("quota 'automs' exceeded: 1 of 1 used; raise the tenant's limit or remove items.", refused.Message);
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
}
