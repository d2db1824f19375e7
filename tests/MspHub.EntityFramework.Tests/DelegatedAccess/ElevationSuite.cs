using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.DelegatedAccess;

/// <summary>
/// Just-in-time elevation over the EF Core stores on a real database: a technician with a grant asks for more for a
/// while, another person approves through the gate, the extra permissions hold for exactly their window on every node,
/// and end at their expiry, on revocation, or when the grant beneath them goes. Every attack is refused.
/// </summary>
public abstract class ElevationSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan TwoHours = TimeSpan.FromHours(2);
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _otherTechnician = HubUser.Create("other-tech", SystemRole.Technician);
    private readonly HubUser _mspAdmin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly HubUser _adminOfB = HubUser.Create("admin-of-b");
    private readonly HubUser _secondAdminOfB = HubUser.Create("second-admin-of-b");
    private readonly HubUser _viewerOfB = HubUser.Create("viewer-of-b");
    private readonly HubUser _adminOfA = HubUser.Create("admin-of-a");
    private readonly Tenant _automated = Tenant.Create("tenant-l0", "Tenant L0");
    private TestHub _hub = null!;

    private TestHub Hub => _hub;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub =>
        {
            hub.AddPermissions(p => p.Resource("access").Action("consent", sensitive: true))
                .AddOperationGates(o => o.Operations[GateOperations.AccessElevate].TenantLevels[_automated.Id] = GateLevel.L0Automated)
                .Services.AddSingleton<TimeProvider>(_clock);
        });
        await using (var db = Hub.NewDb())
        {
            db.Add(_automated);
            await db.SaveChangesAsync();
        }

        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            foreach (var user in new[] { _technician, _otherTechnician, _mspAdmin, _adminOfB, _secondAdminOfB, _viewerOfB, _adminOfA })
            {
                await store.AddUserAsync(user);
            }

            foreach (var tenant in new[] { Hub.A, Hub.B, _automated })
            {
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Admin", Permissions = ["automs.view", TechnicianConsent.Permission] });
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Viewer", Permissions = ["automs.view", "approvals.approve"] });
            }

            await store.SaveMembershipAsync(new Membership { UserId = _adminOfB.Id, TenantId = Hub.B.Id, Roles = ["Admin"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _secondAdminOfB.Id, TenantId = Hub.B.Id, Roles = ["Admin"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _viewerOfB.Id, TenantId = Hub.B.Id, Roles = ["Viewer"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _adminOfA.Id, TenantId = Hub.A.Id, Roles = ["Admin"], IsPrimary = true });
            return true;
        });
        await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], _clock.GetUtcNow().AddDays(1)));
        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], expiresAt: null));
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Elevate_after_another_persons_approval_for_exactly_its_window_and_then_end_by_itself()
    {
        var asked = Ask(Hub.B, "automs.update");
        var pending = await Assert.ThrowsAsync<ApprovalRequiredException>(() => ElevateAsync(asked));
        Assert.Equal(GateOperations.AccessElevate, pending.Request.Operation);
        Assert.Contains("ticket 4711", pending.Request.Summary, StringComparison.Ordinal);
        Assert.False(await CanAsync(Hub.B, "automs.update"));

        await ApproveAsync(Hub.B, pending.Request.Id, _adminOfB);
        Assert.False(await CanAsync(Hub.B, "automs.update"));   // approved is not yet activated
        _clock.Advance(TimeSpan.FromMinutes(5));
        var activatedAt = _clock.GetUtcNow();

        var elevation = await ElevateAsync(asked, pending.Request.Id);

        Assert.Equal((activatedAt, activatedAt + TwoHours, pending.Request.Id), (elevation.ActivatedAt, elevation.ExpiresAt, elevation.ApprovalId));
        Assert.True(await CanAsync(Hub.B, "automs.update"));
        Assert.True(await CanAsync(Hub.B, "automs.view"));
        Assert.False(await CanAsync(Hub.A, "automs.update"));
        using (Hub.In(Hub.B))
        {
            var line = Assert.Single(await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id)));
            Assert.Equal(("fix the nightly sync, ticket 4711", activatedAt + TwoHours), (line.Elevation!.Reason, line.Elevation.ExpiresAt));
            Assert.Equal(["automs.view"], line.Permissions);
        }

        // The entry cached a moment ago must not outlive the elevation, though nothing invalidated it.
        _clock.Advance(TwoHours - TimeSpan.FromMilliseconds(1));
        Assert.True(await CanAsync(Hub.B, "automs.update"));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(await CanAsync(Hub.B, "automs.update"));
        Assert.True(await CanAsync(Hub.B, "automs.view"));
        using (Hub.In(Hub.B))
        {
            Assert.Null(Assert.Single(await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id))).Elevation);
            var expired = Assert.Single(await ElevationsAsync(e => e.ListAsync(Hub.B.Id)));
            Assert.Equal(("tech", false), (expired.TechnicianName, expired.IsActive));
        }

        var records = (await Hub.AuditRecordsAsync(Hub.B.Id))
            .Where(r => r.Action.StartsWith("msphub.gate.", StringComparison.Ordinal) || r.Action == AuditActions.TechnicianElevated).ToList();
        Assert.Equal([AuditActions.GateRequested, AuditActions.GateApproved, AuditActions.GateExecuted, AuditActions.TechnicianElevated], records.Select(r => r.Action));
        var elevated = records[^1];
        Assert.Equal(
            (_technician.Id.ToString(), "automs.update", "fix the nightly sync, ticket 4711", pending.Request.Id.ToString()),
            (elevated.TargetId, elevated.Detail["permissions"], elevated.Detail["reason"], elevated.Detail["approval"]));
    }

    [DatabaseFact]
    public async Task Refuse_an_approval_given_on_a_grant_that_was_revoked_and_given_again_since()
    {
        var asked = Ask(Hub.B, "automs.update");
        var pending = await Assert.ThrowsAsync<ApprovalRequiredException>(() => ElevateAsync(asked));
        await ApproveAsync(Hub.B, pending.Request.Id, _adminOfB);
        await MspAsync(m => m.RevokeAsync(_technician.Id, Hub.B.Id));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], _clock.GetUtcNow().AddDays(1)));

        await Assert.ThrowsAsync<OperationGateException>(() => ElevateAsync(asked, pending.Request.Id));

        Assert.False(await CanAsync(Hub.B, "automs.update"));
    }

    [DatabaseFact]
    public async Task End_with_the_grant_beneath_when_that_grant_lapses_and_is_given_again()
    {
        await ElevateAsync(Ask(_automated, "automs.delete"));
        Assert.True(await CanAsync(_automated, "automs.delete"));

        // Narrowed to end in 20 minutes, lapsed, then given again: the elevation asked on the first grant stays over.
        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], _clock.GetUtcNow().AddMinutes(20)));
        _clock.Advance(TimeSpan.FromMinutes(30));
        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], _clock.GetUtcNow().AddDays(1)));

        Assert.True(await CanAsync(_automated, "automs.view"));
        Assert.False(await CanAsync(_automated, "automs.delete"));
    }

    [DatabaseFact]
    public async Task Take_effect_at_once_where_the_level_is_L0_and_never_outlive_the_grant_beneath()
    {
        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], _clock.GetUtcNow().AddHours(1)));

        var elevation = await ElevateAsync(Ask(_automated, "automs.delete"));

        Assert.Equal(_clock.GetUtcNow().AddHours(1), elevation.ExpiresAt);
        Assert.True(await CanAsync(_automated, "automs.delete"));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await CanAsync(_automated, "automs.delete"));

        // Renewing the grant does not stretch the elevation past the end it was given.
        await MspAsync(m => m.RenewAsync(_technician.Id, _automated.Id, _clock.GetUtcNow().AddHours(5)));
        Assert.False(await CanAsync(_automated, "automs.delete"));
        Assert.True(await CanAsync(_automated, "automs.view"));
    }

    [DatabaseFact]
    public async Task Refuse_an_elevation_without_a_grant_in_another_tenant_of_sensitive_or_unknown_permissions_or_out_of_bounds()
    {
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B, "automs.update"), by: _otherTechnician));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.A, "automs.update")));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B, "automs.update"), by: _viewerOfB));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B, TechnicianConsent.Permission)));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B, "api-keys.generate")));
        await Assert.ThrowsAsync<UnknownPermissionException>(() => ElevateAsync(Ask(Hub.B, "automs.launch")));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B, "automs.update") with { Duration = TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1) }));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B, "automs.update") with { Duration = TimeSpan.Zero }));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B, "automs.update") with { Reason = "   " }));
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(Hub.B)));
        await Assert.ThrowsAsync<AccessRuleException>(() => WithAsync(sp => sp.GetRequiredService<ITechnicianElevation>()
            .ElevateAsync(Ask(Hub.B, "automs.update"), GateCaller.Service())));
        using (Hub.In(Hub.A))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => ElevateAsync(Ask(Hub.B, "automs.update")));
        }

        // Nothing reached the gate: no request waits for anyone.
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IOperationApprovals>().ListAsync(Hub.B.Id)));
        Assert.False(await CanAsync(Hub.B, "automs.update"));
    }

    [DatabaseFact]
    public async Task Refuse_self_approval_an_approver_without_the_permission_another_tenants_admin_and_an_expired_request()
    {
        var asked = Ask(Hub.B, "automs.update");
        var request = (await Assert.ThrowsAsync<ApprovalRequiredException>(() => ElevateAsync(asked))).Request;

        Assert.Equal(GateRefusal.SelfApproval, (await Assert.ThrowsAsync<OperationGateException>(() => ApproveAsync(Hub.B, request.Id, _technician))).Refusal);
        Assert.Equal(GateRefusal.ApproverLacksPermission, (await Assert.ThrowsAsync<OperationGateException>(() => ApproveAsync(Hub.B, request.Id, _viewerOfB))).Refusal);
        Assert.Equal(GateRefusal.RequestNotFound, (await Assert.ThrowsAsync<OperationGateException>(() => ApproveAsync(Hub.A, request.Id, _adminOfA))).Refusal);
        Assert.Equal(GateRefusal.NotApproved, (await Assert.ThrowsAsync<OperationGateException>(() => ElevateAsync(asked, request.Id))).Refusal);

        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(GateRefusal.Expired, (await Assert.ThrowsAsync<OperationGateException>(() => ApproveAsync(Hub.B, request.Id, _adminOfB))).Refusal);
        Assert.False(await CanAsync(Hub.B, "automs.update"));
    }

    [DatabaseFact]
    public async Task Bind_an_approval_to_its_technician_and_values_and_use_it_once()
    {
        await MspAsync(m => m.GrantAsync(_otherTechnician.Id, Hub.B.Id, ["automs.view"], expiresAt: null));
        var asked = Ask(Hub.B, "automs.update");
        var request = (await Assert.ThrowsAsync<ApprovalRequiredException>(() => ElevateAsync(asked))).Request;
        await ApproveAsync(Hub.B, request.Id, _adminOfB);

        Assert.Equal(GateRefusal.DifferentCall, (await Assert.ThrowsAsync<OperationGateException>(() => ElevateAsync(Ask(Hub.B, "automs.update", "automs.delete"), request.Id))).Refusal);
        Assert.Equal(GateRefusal.DifferentCall, (await Assert.ThrowsAsync<OperationGateException>(() => ElevateAsync(asked with { Duration = TimeSpan.FromHours(8) }, request.Id))).Refusal);
        Assert.Equal(GateRefusal.NotRequester, (await Assert.ThrowsAsync<OperationGateException>(() => ElevateAsync(asked, request.Id, by: _otherTechnician))).Refusal);
        await ElevateAsync(asked, request.Id);
        Assert.Equal(GateRefusal.AlreadyExecuted, (await Assert.ThrowsAsync<OperationGateException>(() => ElevateAsync(asked, request.Id))).Refusal);
        Assert.False(await CanAsync(Hub.B, "automs.update", _otherTechnician));
    }

    [DatabaseFact]
    public async Task Let_exactly_one_of_two_approvers_at_once_decide()
    {
        var request = (await Assert.ThrowsAsync<ApprovalRequiredException>(() => ElevateAsync(Ask(Hub.B, "automs.update")))).Request;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = new[] { _adminOfB, _secondAdminOfB, _adminOfB, _secondAdminOfB }.Select(approver => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await ApproveAsync(Hub.B, request.Id, approver);
                return true;
            }
            catch (OperationGateException)
            {
                return false;
            }
        })).ToList();
        start.SetResult();

        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(won => won));
        Assert.Single(await Hub.AuditRecordsAsync(Hub.B.Id), r => r.Action == AuditActions.GateApproved);
    }

    [DatabaseFact]
    public async Task End_at_once_when_the_tenant_ends_it_or_revokes_the_grant_and_never_come_back_with_a_new_grant()
    {
        await ElevateAsync(Ask(_automated, "automs.update"));
        Assert.True(await CanAsync(_automated, "automs.update"));

        using (Hub.In(_automated))
        {
            Assert.True(await ElevationsAsync(e => e.EndAsync(_automated.Id, _technician.Id)));
            Assert.False(await ElevationsAsync(e => e.EndAsync(_automated.Id, _technician.Id)));
        }

        Assert.False(await CanAsync(_automated, "automs.update"));
        Assert.True(await CanAsync(_automated, "automs.view"));

        await ElevateAsync(Ask(_automated, "automs.update"));
        using (Hub.In(_automated))
        {
            Assert.True(await TenantAsync(m => m.RevokeTechnicianAccessAsync(_automated.Id, _technician.Id)));
            Assert.Empty(await ElevationsAsync(e => e.ListAsync(_automated.Id)));
        }

        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], expiresAt: null));
        Assert.False(await CanAsync(_automated, "automs.update"));
        Assert.Equal(
            [AuditActions.TechnicianElevated, AuditActions.TechnicianElevationEnded, AuditActions.TechnicianElevated, AuditActions.TechnicianRevokedByTenant],
            (await Hub.AuditRecordsAsync(_automated.Id))
                .Where(r => r.Action is AuditActions.TechnicianElevated or AuditActions.TechnicianElevationEnded or AuditActions.TechnicianRevokedByTenant)
                .Select(r => r.Action));
    }

    [DatabaseFact]
    public async Task End_on_another_node_by_expiry_without_any_write_and_by_revocation_through_the_access_version()
    {
        // The shortest elevation, a minute; the other node reads it 45 s in, so its cached access (kept 30 s) is still
        // fresh when the elevation ends at 60 s.
        await ElevateAsync(Ask(_automated, "automs.update") with { Duration = TimeSpan.FromMinutes(1) });
        await using var other = Hub.NewNode();
        var otherEvaluator = other.GetRequiredService<IPermissionEvaluator>();
        var update = other.GetRequiredService<PermissionCatalog>().Id("automs.update");
        _clock.Advance(TimeSpan.FromSeconds(45));
        Assert.True(await otherEvaluator.HasPermissionAsync(_technician.Id, _automated.Id, update));

        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.False(await otherEvaluator.HasPermissionAsync(_technician.Id, _automated.Id, update));

        await ElevateAsync(Ask(_automated, "automs.update"));
        _clock.Advance(TimeSpan.FromSeconds(31));
        var before = await otherEvaluator.GetAccessAsync(_technician.Id, _automated.Id);
        Assert.True(await otherEvaluator.HasPermissionAsync(_technician.Id, _automated.Id, update));
        using (Hub.In(_automated))
        {
            Assert.True(await ElevationsAsync(e => e.EndAsync(_automated.Id, _technician.Id)));
        }

        Assert.False(await CanAsync(_automated, "automs.update"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var after = await otherEvaluator.GetAccessAsync(_technician.Id, _automated.Id);
        Assert.False(await otherEvaluator.HasPermissionAsync(_technician.Id, _automated.Id, update));
        Assert.True(after.AccessVersion > before.AccessVersion, "ending the elevation did not raise the technician's access version");
    }

    [DatabaseFact]
    public async Task Need_the_consent_of_the_tenants_own_admin_where_the_tenant_requires_it()
    {
        await RequireConsentAsync(Hub.B);
        await RequireConsentAsync(_automated);
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(Ask(_automated, "automs.update")));

        var asked = Ask(Hub.B, "automs.update");
        var byMsp = (await Assert.ThrowsAsync<ApprovalRequiredException>(() => ElevateAsync(asked))).Request;
        await ApproveAsync(Hub.B, byMsp.Id, _mspAdmin);
        await Assert.ThrowsAsync<AccessRuleException>(() => ElevateAsync(asked, byMsp.Id));
        Assert.False(await CanAsync(Hub.B, "automs.update"));

        var byTenant = (await Assert.ThrowsAsync<ApprovalRequiredException>(() => ElevateAsync(asked))).Request;
        await ApproveAsync(Hub.B, byTenant.Id, _adminOfB);
        await ElevateAsync(asked, byTenant.Id);
        Assert.True(await CanAsync(Hub.B, "automs.update"));
    }

    [DatabaseFact]
    public async Task Go_with_a_demotion_and_with_the_tenant()
    {
        await ElevateAsync(Ask(_automated, "automs.update"));
        await MspAsync(async m => { await m.SetSystemRoleAsync(_technician.Id, SystemRole.None); return true; });
        await MspAsync(async m => { await m.SetSystemRoleAsync(_technician.Id, SystemRole.Technician); return true; });
        await MspAsync(m => m.GrantAsync(_technician.Id, _automated.Id, ["automs.view"], expiresAt: null));
        Assert.False(await CanAsync(_automated, "automs.update"));

        await ElevateAsync(Ask(_automated, "automs.update"));
        var report = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(_automated.Id, "tenant-l0"));

        Assert.Equal(1, report.RowsDeleted.Single(r => r.Key.EndsWith("technician_elevations", StringComparison.Ordinal)).Value);
    }

    private static ElevationRequest Ask(Tenant tenant, params string[] permissions) =>
        new(tenant.Id, permissions, TwoHours, "fix the nightly sync, ticket 4711");

    private Task<TechnicianElevation> ElevateAsync(ElevationRequest request, Guid? approvalId = null, HubUser? by = null) =>
        ElevationsAsync(e => e.ElevateAsync(request, GateCaller.Person((by ?? _technician).Id), approvalId));

    private Task<ApprovalRequest> ApproveAsync(Tenant tenant, Guid requestId, HubUser approver) =>
        WithAsync(sp => sp.GetRequiredService<IOperationApprovals>().ApproveAsync(tenant.Id, requestId, GateCaller.Person(approver.Id)));

    private Task<bool> RequireConsentAsync(Tenant tenant) =>
        WithAsync(async sp =>
        {
            await sp.GetRequiredService<ITenantSettings>().SetAsync(tenant.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            return true;
        });

    private async Task<bool> CanAsync(Tenant tenant, string permission, HubUser? user = null)
    {
        var evaluator = Hub.Services.GetRequiredService<IPermissionEvaluator>();
        var catalog = Hub.Services.GetRequiredService<PermissionCatalog>();
        return await evaluator.HasPermissionAsync((user ?? _technician).Id, tenant.Id, catalog.Id(permission));
    }

    private Task<T> MspAsync<T>(Func<IMspAccessManager, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<IMspAccessManager>()));

    private Task<T> TenantAsync<T>(Func<ITenantAccessManager, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<ITenantAccessManager>()));

    private Task<T> ElevationsAsync<T>(Func<ITechnicianElevation, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<ITechnicianElevation>()));

    // Each call in a scope of its own, as each request has.
    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        using var scope = Hub.Services.CreateScope();
        return await operation(scope.ServiceProvider);
    }
}

public sealed class SqliteElevationShould() : ElevationSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresElevationShould() : ElevationSuite(DatabaseProvider.Postgres);
