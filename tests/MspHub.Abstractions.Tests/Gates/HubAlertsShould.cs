using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Gates;

/// <summary>Alerts in memory: optional without notifiers, once per tenant, kind and subject a day, delivered to every notifier, never throwing.</summary>
public sealed class HubAlertsShould : IDisposable
{
    private readonly Tenant _contoso = Tenant.Create("contoso", "Contoso");
    private readonly Tenant _hq = Tenant.Create("hq", "Northwind HQ") with { IsAdminTenancy = true };
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly Pager _pager = new();
    private readonly List<ServiceProvider> _built = [];

    public void Dispose() => _built.ForEach(s => s.Dispose());

    private ServiceProvider Build(bool gates, bool adminTenancy = true)
    {
        Tenant[] tenants = adminTenancy ? [_contoso, _hq] : [_contoso];
        var services = Hub.Build(
            hub =>
            {
                hub.AddInMemoryTenantStore(tenants);
                if (gates)
                {
                    hub.AddInMemoryAccessStore().AddOperationGates();
                    hub.Services.AddScoped<IGateNotifier, PagerAlerts>();
                }
            },
            s => s.AddSingleton<TimeProvider>(_clock).AddSingleton<IPager>(_pager));
        _built.Add(services);
        return services;
    }

    private static async Task<bool> RaiseAsync(IServiceProvider services, Guid tenantId, string subject = "automs")
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IHubAlerts>().RaiseAsync(tenantId, GateNotificationKind.QuotaReached, subject, $"Quota '{subject}' refused a creation.");
    }

    private static async Task<IReadOnlyList<GateNotification>> InboxAsync(IServiceProvider services, Tenant tenant) =>
        await services.GetRequiredService<IGateInbox>().ListAsync(tenant.Id);

    [Fact]
    public async Task Raise_nothing_and_fail_nothing_without_a_notifier()
    {
        var services = Build(gates: false);

        Assert.False(await RaiseAsync(services, _contoso.Id));
        using var scope = services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<IHubAlerts>().RaiseToMspAsync(GateNotificationKind.TenantLimitReached, "tenants", "Full."));
        Assert.Null(services.GetService<IGateInbox>());
    }

    [Fact]
    public async Task Raise_each_alert_once_per_tenant_kind_and_subject_until_a_day_has_passed()
    {
        var services = Build(gates: true);

        var raised = new List<bool>();
        for (var i = 0; i < 20; i++)
        {
            raised.Add(await RaiseAsync(services, _contoso.Id));
        }

        Assert.Equal([true, .. Enumerable.Repeat(false, 19)], raised);
        Assert.True(await RaiseAsync(services, _contoso.Id, "reports"));
        Assert.True(await RaiseAsync(services, _hq.Id));
        _clock.Advance(IHubAlerts.RepeatInterval - TimeSpan.FromSeconds(1));
        Assert.False(await RaiseAsync(services, _contoso.Id));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await RaiseAsync(services, _contoso.Id));

        var inbox = await InboxAsync(services, _contoso);
        Assert.Equal(["automs", "automs", "reports"], inbox.Select(n => n.Subject).Order());
        Assert.All(inbox, n => Assert.Equal((GateNotificationKind.QuotaReached, AuditActor.System), (n.Kind, n.Actor)));
        Assert.Equal(4, _pager.Pages.Count);
    }

    [Fact]
    public async Task Log_a_failed_delivery_without_throwing_and_raise_the_alert_again_next_time()
    {
        var services = Build(gates: true);
        _pager.Failing = true;

        Assert.False(await RaiseAsync(services, _contoso.Id));
        _pager.Failing = false;

        Assert.True(await RaiseAsync(services, _contoso.Id));
        Assert.Single(_pager.Pages);
    }

    [Fact]
    public async Task Raise_install_wide_alerts_to_the_admin_tenancy_and_none_while_there_is_none()
    {
        var withoutAdmin = Build(gates: true, adminTenancy: false);
        using (var scope = withoutAdmin.CreateScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<IHubAlerts>().RaiseToMspAsync(GateNotificationKind.LicenceExpiring, "lic-1", "Expires soon."));
        }

        var services = Build(gates: true);
        using (var scope = services.CreateScope())
        {
            var alerts = scope.ServiceProvider.GetRequiredService<IHubAlerts>();
            Assert.True(await alerts.RaiseToMspAsync(GateNotificationKind.LicenceExpiring, "lic-1", "Expires soon."));
            Assert.False(await alerts.RaiseToMspAsync(GateNotificationKind.LicenceExpiring, "lic-1", "Expires soon."));
        }

        Assert.Equal([(GateNotificationKind.LicenceExpiring, "lic-1")], (await InboxAsync(services, _hq)).Select(n => (n.Kind, n.Subject)));
        Assert.Empty(await InboxAsync(services, _contoso));
    }

    /// <summary>Where a host's alerts go besides the inbox: a pager, in these tests.</summary>
    public interface IPager
    {
        Task SendAsync(string text, CancellationToken cancellationToken);
    }

    // docs: gates-and-delegated-access.md#notifications-and-alerts
    public sealed class PagerAlerts(IPager pager) : IGateNotifier
    {
        public Task NotifyAsync(GateNotification notification, CancellationToken cancellationToken = default) =>
            notification.Kind is GateNotificationKind.QuotaReached or GateNotificationKind.TenantLimitReached or GateNotificationKind.LicenceExpiring
                ? pager.SendAsync($"{notification.Kind} ({notification.Subject}): {notification.Message}", cancellationToken)
                : Task.CompletedTask;
    }
    // end docs

    private sealed class Pager : IPager
    {
        public List<string> Pages { get; } = [];

        public bool Failing { get; set; }

        public Task SendAsync(string text, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                throw new HttpRequestException("The pager is down.");
            }

            Pages.Add(text);
            return Task.CompletedTask;
        }
    }
}
