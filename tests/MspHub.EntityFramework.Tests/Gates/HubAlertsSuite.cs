using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MspHub.Licensing;

namespace MspHub.EntityFramework.Tests.Gates;

/// <summary>
/// The alerts raised through the gate notifications, over the EF Core inbox on a real database: a quota that refuses
/// creations, the licence's tenant limit reached, a licence about to expire; each once per tenant, kind and subject a
/// day however often it happens, in the tenant concerned (install-wide ones in the admin tenancy).
/// </summary>
public abstract class HubAlertsSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly Tenant _hq = Tenant.Create("hq", "Northwind HQ") with { IsAdminTenancy = true };
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        _clock.Advance(DateTimeOffset.UtcNow - _clock.GetUtcNow());
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub
            .AddOperationGates()
            .AddLicensing(o =>
            {
                TestLicences.Install(TestLicences.Licence(maxTenants: 3))(o);
                o.ExpiryWarning = TimeSpan.FromDays(7);
            })
            .Services.AddSingleton<TimeProvider>(_clock).AddLogging().AddHealthChecks().AddMspHubHealthChecks());
        await using var db = _hub.NewDb();
        db.Add(_hq);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<IReadOnlyList<GateNotification>> InboxAsync(Tenant tenant)
    {
        using var scope = _hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IGateInbox>().ListAsync(tenant.Id);
    }

    private async Task ClaimAsync(string quota)
    {
        using var scope = _hub.Services.CreateScope();
        using var inTenant = _hub.In(_hub.A);
        await using var claim = await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ClaimAsync(quota);
        await claim.CommitAsync();
    }

    [DatabaseFact]
    public async Task Alert_a_tenant_once_a_day_per_quota_however_many_creations_its_quota_refuses()
    {
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(_hub.A.Id, "automs", 1);
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(_hub.A.Id, "reports", 0);
        }

        await ClaimAsync("automs");
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<QuotaExceededException>(() => ClaimAsync("automs"));
        }

        await Assert.ThrowsAsync<QuotaExceededException>(() => ClaimAsync("reports"));
        Assert.Equal(
            [(GateNotificationKind.QuotaReached, "automs"), (GateNotificationKind.QuotaReached, "reports")],
            (await InboxAsync(_hub.A)).Select(n => (n.Kind, n.Subject)).Order());
        Assert.Empty(await InboxAsync(_hub.B));

        _clock.Advance(TimeSpan.FromDays(1));
        await Assert.ThrowsAsync<QuotaExceededException>(() => ClaimAsync("automs"));
        Assert.Equal(2, (await InboxAsync(_hub.A)).Count(n => n.Subject == "automs"));
    }

    [DatabaseFact]
    public async Task Alert_the_admin_tenancy_once_when_the_licence_tenant_limit_refuses_new_tenants()
    {
        async Task CreateAsync(string slug)
        {
            using var scope = _hub.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync(slug, slug);
        }

        var refused = await Assert.ThrowsAsync<TenantLimitExceededException>(() => CreateAsync("client-1"));
        await Assert.ThrowsAsync<TenantLimitExceededException>(() => CreateAsync("client-2"));

        var alert = Assert.Single(await InboxAsync(_hq));
        Assert.Equal((GateNotificationKind.TenantLimitReached, "tenants", AuditActor.System), (alert.Kind, alert.Subject, alert.Actor));
        Assert.Contains($"{refused.Used} of {refused.Max}", alert.Message, StringComparison.Ordinal);
        Assert.Empty(await InboxAsync(_hub.A));
    }

    [DatabaseFact]
    public async Task Alert_the_admin_tenancy_once_a_day_from_the_health_check_within_the_expiry_warning()
    {
        var health = _hub.Services.GetRequiredService<HealthCheckService>();
        await health.CheckHealthAsync();
        Assert.Empty(await InboxAsync(_hq));

        _clock.Advance(TimeSpan.FromDays(24)); // six days left, within the seven-day warning
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Entries["msphub-licence"].Status);
        }

        var alert = Assert.Single(await InboxAsync(_hq));
        Assert.Equal((GateNotificationKind.LicenceExpiring, "lic-1"), (alert.Kind, alert.Subject));

        _clock.Advance(TimeSpan.FromDays(1));
        await health.CheckHealthAsync();
        Assert.Equal(2, (await InboxAsync(_hq)).Count);
    }
}

public sealed class SqliteHubAlertsShould() : HubAlertsSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresHubAlertsShould() : HubAlertsSuite(DatabaseProvider.Postgres);
