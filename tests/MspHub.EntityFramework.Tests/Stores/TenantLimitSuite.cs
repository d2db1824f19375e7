using Microsoft.Extensions.DependencyInjection;
using MspHub.Licensing;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>The licence's tenant limit, enforced by the EF tenant store inside the write that adds a tenant.</summary>
public abstract class TenantLimitSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private const int Max = 6;
    private TestHub _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.AddLicensing(TestLicences.Install(TestLicences.Licence(maxTenants: Max))));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<bool> TryAddAsync(string slug)
    {
        using var scope = _hub.Services.CreateScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Tenant.Create(slug, slug));
            return true;
        }
        catch (TenantLimitExceededException)
        {
            return false;
        }
    }

    [DatabaseFact]
    public async Task Let_16_concurrent_creations_fill_exactly_the_remaining_places()
    {
        var added = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => TryAddAsync($"client-{i}"))));

        Assert.Equal(Max - 2, added.Count(a => a));
        using var scope = _hub.Services.CreateScope();
        var count = await scope.ServiceProvider.GetRequiredService<ITenantStore>().CountAsync();
        Assert.Equal($"{Max} / {Max}", count.ToString());
    }

    [DatabaseFact]
    public async Task Refuse_the_next_tenant_with_a_clear_error_and_add_nothing()
    {
        for (var i = 0; i < Max - 2; i++)
        {
            Assert.True(await TryAddAsync($"client-{i}"));
        }

        using var scope = _hub.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        var error = await Assert.ThrowsAsync<TenantLimitExceededException>(() => store.AddAsync(Tenant.Create("one-too-many", "One too many")));

        Assert.Equal((Max, Max), (error.Used, error.Max));
        Assert.Null(await store.FindBySlugAsync("one-too-many"));
    }
}

public sealed class SqliteTenantLimitShould() : TenantLimitSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantLimitShould() : TenantLimitSuite(DatabaseProvider.Postgres);
