using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.Abstractions.Tests.DelegatedAccess;

/// <summary>
/// Elevation follows the tenant's level of <c>access.elevate</c>, in memory: L1 takes effect at once and notifies the
/// tenant, L3 only for a technician who signed in recently; the in-memory store ends it at its expiry on a fake clock;
/// and start-up refuses a maximum duration that is not positive.
/// </summary>
public sealed class ElevationLevelsShould : IDisposable
{
    private const string LongResource = "remote-monitoring-and-management-session-recordings";
    private readonly Tenant _notify = Tenant.Create("notify", "Notify");
    private readonly Tenant _humanOnly = Tenant.Create("human-only", "Human only");
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly RecordingAuditHook _audit = new();
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly GrantRenewingNotifier _renewing = new();
    private readonly ServiceProvider _services;

    public ElevationLevelsShould()
    {
        _services = Hub.Build(
            hub => hub
                .AddInMemoryTenantStore(_notify, _humanOnly)
                .AddInMemoryAccessStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All).Resource(LongResource).Actions(PermissionActions.All))
                .AddOperationGates(o =>
                {
                    o.Operations[GateOperations.AccessElevate].TenantLevels[_notify.Id] = GateLevel.L1Notify;
                    o.Operations[GateOperations.AccessElevate].TenantLevels[_humanOnly.Id] = GateLevel.L3HumanOnly;
                }),
            s => s.AddSingleton<TimeProvider>(_clock).AddSingleton<IAuditHook>(_audit).AddSingleton<IGateNotifier>(_renewing));
        _services.GetRequiredService<InMemoryAccessStore>().AddUserAsync(_technician).GetAwaiter().GetResult();
        foreach (var tenant in new[] { _notify, _humanOnly })
        {
            In(sp => sp.GetRequiredService<IMspAccessManager>().GrantAsync(_technician.Id, tenant.Id, ["automs.view"], expiresAt: null)).GetAwaiter().GetResult();
        }
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Take_effect_at_once_at_L1_notify_the_tenant_and_end_at_the_expiry()
    {
        var elevation = await ElevateAsync(_notify, GateCaller.Person(_technician.Id));

        Assert.Equal(_clock.GetUtcNow().AddHours(1), elevation.ExpiresAt);
        Assert.True(await CanUpdateAsync(_notify));
        var notice = Assert.Single(await In(sp => sp.GetRequiredService<IGateInbox>().ListAsync(_notify.Id)));
        Assert.Equal((GateNotificationKind.OperationRan, GateOperations.AccessElevate), (notice.Kind, notice.Subject));
        Assert.Equal(
            [AuditActions.GateNotified, AuditActions.TechnicianElevated],
            _audit.Records.Where(r => r.TenantId == _notify.Id && r.Action != AuditActions.TechnicianGranted).Select(r => r.Action));

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.False(await CanUpdateAsync(_notify));
        Assert.False(Assert.Single(await In(sp => sp.GetRequiredService<ITechnicianElevation>().ListAsync(_notify.Id))).IsActive);
    }

    // The gate decided on one grant; the MSP renewed it before the elevation took effect (here, while the tenant was being
    // notified): the elevation would rest on a grant nobody decided on, so it is refused.
    [Fact]
    public async Task Refuse_to_take_effect_on_a_grant_renewed_after_the_gate_decided()
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        _renewing.Renew = () => _services.GetRequiredService<InMemoryAccessStore>().SaveGrantAsync(
            new TechnicianGrant { UserId = _technician.Id, TenantId = _notify.Id, Permissions = ["automs.view"], GrantedAt = _clock.GetUtcNow() });

        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(_notify, GateCaller.Person(_technician.Id)));

        Assert.False(await CanUpdateAsync(_notify));
    }

    [Fact]
    public async Task Need_a_recent_sign_in_at_L3()
    {
        var stale = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(16));

        var refused = await Assert.ThrowsAsync<OperationGateException>(() => ElevateAsync(_humanOnly, GateCaller.Person(_technician.Id, stale)));

        Assert.Equal(GateRefusal.AuthenticationNotRecent, refused.Refusal);
        Assert.False(await CanUpdateAsync(_humanOnly));
        await ElevateAsync(_humanOnly, GateCaller.Person(_technician.Id, _clock.GetUtcNow()));
        Assert.True(await CanUpdateAsync(_humanOnly));
    }

    // The approver judges by the summary, and the approval binds every permission asked: a reason padded to push the
    // permissions past the summary's end, or a list too long to show, would have them approve what they never saw.
    [Fact]
    public async Task Show_every_permission_asked_first_and_refuse_more_than_an_approver_can_be_shown()
    {
        var padded = new string('x', TechnicianElevation.MaxReasonLength - 27) + " (automs.view for 00:30:00)";
        var asked = new ElevationRequest(_notify.Id, ["automs.view", "automs.update", "automs.delete", "automs.create"], TimeSpan.FromHours(1), padded);
        var tooMany = new ElevationRequest(_notify.Id, [.. PermissionActions.All.Select(a => $"{LongResource}.{a}")], TimeSpan.FromHours(1), "clean-up");

        await In(sp => sp.GetRequiredService<ITechnicianElevation>().ElevateAsync(asked, GateCaller.Person(_technician.Id)));
        var refused = await Assert.ThrowsAsync<AccessRuleException>(() => In(sp => sp.GetRequiredService<ITechnicianElevation>().ElevateAsync(tooMany, GateCaller.Person(_technician.Id))));

        var summary = _audit.Records.Single(r => r.Action == AuditActions.GateNotified).Detail["summary"];
        Assert.StartsWith("automs.create, automs.delete, automs.update, automs.view for 01:00:00: xxx", summary, StringComparison.Ordinal);
        Assert.Contains("fewer", refused.Message, StringComparison.Ordinal);
    }

    // A host that gives the gate the general approve permission, which its technicians may hold: still, no technician's
    // approval ever widens another technician's access.
    [Fact]
    public async Task Never_take_effect_on_a_technicians_approval_whatever_the_approve_permission()
    {
        var colleague = HubUser.Create("colleague", SystemRole.Technician);
        using var services = Hub.Build(
            hub => hub
                .AddInMemoryTenantStore(_notify)
                .AddInMemoryAccessStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
                .AddOperationGates(o => o.Gate(GateOperations.AccessElevate, GateLevel.L2Approval, minimumLevel: GateLevel.L2Approval).ApprovePermission = o.ApprovePermission),
            s => s.AddSingleton<TimeProvider>(_clock));
        async Task<T> InOwn<T>(Func<IServiceProvider, Task<T>> action)
        {
            using var scope = services.CreateScope();
            return await action(scope.ServiceProvider);
        }

        foreach (var (technician, permissions) in new[] { (_technician, new[] { "automs.view" }), (colleague, ["automs.view", "approvals.approve"]) })
        {
            await services.GetRequiredService<InMemoryAccessStore>().AddUserAsync(technician);
            await InOwn(sp => sp.GetRequiredService<IMspAccessManager>().GrantAsync(technician.Id, _notify.Id, permissions, expiresAt: null));
        }

        var asked = new ElevationRequest(_notify.Id, ["automs.update"], TimeSpan.FromHours(1), "quarterly clean-up");
        var request = (await Assert.ThrowsAsync<ApprovalRequiredException>(() => InOwn(sp => sp.GetRequiredService<ITechnicianElevation>().ElevateAsync(asked, GateCaller.Person(_technician.Id))))).Request;
        await InOwn(sp => sp.GetRequiredService<IOperationApprovals>().ApproveAsync(_notify.Id, request.Id, GateCaller.Person(colleague.Id)));

        await Assert.ThrowsAsync<AccessRuleException>(() => InOwn(sp => sp.GetRequiredService<ITechnicianElevation>().ElevateAsync(asked, GateCaller.Person(_technician.Id), request.Id)));

        Assert.False(await services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(
            _technician.Id, _notify.Id, services.GetRequiredService<PermissionCatalog>().Id("automs.update")));
    }

    [Fact]
    public void Refuse_to_start_with_a_maximum_duration_that_is_not_positive()
    {
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore(_notify).AddInMemoryAccessStore().AddOperationGates(o => o.MaxElevationDuration = TimeSpan.Zero));

        var failed = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OperationGateOptions>>().Value);

        Assert.Contains("MaxElevationDuration", failed.Message, StringComparison.Ordinal);
    }

    private Task<TechnicianElevation> ElevateAsync(Tenant tenant, GateCaller caller) =>
        In(sp => sp.GetRequiredService<ITechnicianElevation>().ElevateAsync(new ElevationRequest(tenant.Id, ["automs.update"], TimeSpan.FromHours(1), "quarterly clean-up"), caller));

    private async Task<bool> CanUpdateAsync(Tenant tenant) =>
        await _services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(
            _technician.Id, tenant.Id, _services.GetRequiredService<PermissionCatalog>().Id("automs.update"));

    private async Task<T> In<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = _services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private sealed class GrantRenewingNotifier : IGateNotifier
    {
        public Func<Task>? Renew { get; set; }

        public Task NotifyAsync(GateNotification notification, CancellationToken cancellationToken = default) => Renew?.Invoke() ?? Task.CompletedTask;
    }
}
