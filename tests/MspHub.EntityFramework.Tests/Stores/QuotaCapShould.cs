using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;
using MspHub.Licensing;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>Where a host registers a quota source of its own beside the licence, the lowest cap applies: no source lifts the licence's.</summary>
public sealed class QuotaCapShould
{
    [Fact]
    public async Task Cap_a_limit_at_the_lowest_cap_any_source_sets_whatever_order_they_were_registered_in()
    {
        var licence = TestLicences.Licence(quotas: new Dictionary<string, long> { ["automs"] = 10 }) with
        {
            MaxQuotas = new Dictionary<string, long> { ["automs"] = 30 },
        };
        await using var hub = await TestHub.CreateAsync(DatabaseProvider.Sqlite, configure: hub =>
        {
            hub.Services.AddSingleton<IQuotaDefaults>(new GenerousPlan());
            hub.AddLicensing(TestLicences.Install(licence));
        });
        using var scope = hub.Services.CreateScope();
        var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();

        await quotas.SetLimitAsync(hub.A.Id, "automs", 100);

        Assert.Equal(30, (await quotas.GetUsageAsync(hub.A.Id, "automs")).Limit);
    }

    [Fact]
    public async Task Say_that_a_quota_or_tenant_limit_of_zero_comes_from_having_no_valid_licence()
    {
        await using var hub = await TestHub.CreateAsync(DatabaseProvider.Sqlite, configure: hub => hub.AddLicensing(TestLicences.Install(licence: null)));
        using var scope = hub.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(hub.A.Id, "automs", 5);

        var refused = await Assert.ThrowsAsync<QuotaExceededException>(async () =>
        {
            using (hub.In(hub.A))
            {
                var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ConsumeAsync("automs");
            }
        });

        var tenants = await Assert.ThrowsAsync<TenantLimitExceededException>(() => hub.Store.AddAsync(Tenant.Create("acme", "Acme")));

        Assert.Equal(
            "Quota 'automs' exceeded: 0 of 0 used; the limit is 0 because there is no valid licence (Missing); install a valid licence to raise it.",
            refused.Message);
        Assert.Equal(
            "Tenant limit reached: 2 of 0 tenants in use; the limit is 0 because there is no valid licence (Missing); install a valid licence to raise it.",
            tenants.Message);
    }

    // A host's plan, registered before the licence, that would allow far more than the licence does.
    private sealed class GenerousPlan : IQuotaDefaults
    {
        public long? GetDefaultLimit(string quota) => null;

        public long? GetMaxLimit(string quota) => 1_000;
    }
}
