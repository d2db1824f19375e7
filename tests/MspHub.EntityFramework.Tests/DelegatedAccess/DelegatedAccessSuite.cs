using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.DelegatedAccess;

/// <summary>
/// Delegated access over the EF Core access store on a real database: time-boxed technician grants that end by
/// themselves on a fake clock, a client tenant's consent to new or wider grants, and the tenant's own view and
/// revocation, on one node and across two nodes sharing the database.
/// </summary>
public abstract class DelegatedAccessSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _mspAdmin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly HubUser _adminOfB = HubUser.Create("admin-of-b");
    private readonly HubUser _secondAdminOfB = HubUser.Create("second-admin-of-b");
    private readonly HubUser _adminOfA = HubUser.Create("admin-of-a");
    private readonly HubUser _viewerOfB = HubUser.Create("viewer-of-b");
    private TestHub _hub = null!;

    private TestHub Hub => _hub;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub
            .AddPermissions(p => p.Resource("access").Action("consent", sensitive: true))
            .Services.AddSingleton<TimeProvider>(_clock));
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            foreach (var user in new[] { _technician, _mspAdmin, _adminOfB, _secondAdminOfB, _adminOfA, _viewerOfB })
            {
                await store.AddUserAsync(user);
            }

            foreach (var tenant in new[] { Hub.A, Hub.B })
            {
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Admin", Permissions = ["automs.view", TechnicianConsent.Permission] });
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Viewer", Permissions = ["automs.view"] });
            }

            await store.SaveMembershipAsync(new Membership { UserId = _adminOfB.Id, TenantId = Hub.B.Id, Roles = ["Admin"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _secondAdminOfB.Id, TenantId = Hub.B.Id, Roles = ["Admin"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _viewerOfB.Id, TenantId = Hub.B.Id, Roles = ["Viewer"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _adminOfA.Id, TenantId = Hub.A.Id, Roles = ["Admin"], IsPrimary = true });
            return true;
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task End_a_time_boxed_grant_at_its_expiry_even_while_cached_and_start_it_again_on_renewal()
    {
        // Sooner than the permission cache's own 30 seconds, so only the cap on the entry's lifetime can end it in time.
        var expiry = _clock.GetUtcNow().AddSeconds(10);
        Assert.Null(await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], expiry)));
        Assert.True(await CanAsync(_technician, Hub.B, "automs.view"));
        Assert.Equal([Hub.B.Id], await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListTenantIdsAsync(_technician.Id)));
        var stored = await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindGrantAsync(_technician.Id, Hub.B.Id));
        Assert.Equal((_clock.GetUtcNow(), expiry), (stored!.GrantedAt!.Value, stored.ExpiresAt!.Value));

        _clock.Advance(TimeSpan.FromSeconds(10));

        // The entry cached a moment ago must not outlive the grant, though nothing invalidated it.
        Assert.False(await CanAsync(_technician, Hub.B, "automs.view"));
        var access = await Hub.Services.GetRequiredService<IPermissionEvaluator>().GetAccessAsync(_technician.Id, Hub.B.Id);
        Assert.False(access.Permissions.CanEnterTenant);
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListTenantIdsAsync(_technician.Id)));
        using (Hub.In(Hub.B))
        {
            Assert.Empty(await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id)));
        }

        Assert.Null(await MspAsync(m => m.RenewAsync(_technician.Id, Hub.B.Id, _clock.GetUtcNow().AddHours(1))));
        Assert.True(await CanAsync(_technician, Hub.B, "automs.view"));
        Assert.Equal(
            [AuditActions.TechnicianGranted, AuditActions.TechnicianGranted],
            (await Hub.AuditRecordsAsync(Hub.B.Id)).Where(r => r.Action.StartsWith("msphub.access.technician", StringComparison.Ordinal)).Select(r => r.Action));
    }

    [DatabaseFact]
    public async Task Record_a_renewal_of_a_grant_in_force_and_refuse_an_expiry_in_the_past()
    {
        await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], _clock.GetUtcNow().AddHours(1)));
        var later = _clock.GetUtcNow().AddDays(1);
        await MspAsync(m => m.RenewAsync(_technician.Id, Hub.B.Id, later));

        var renewed = (await Hub.AuditRecordsAsync(Hub.B.Id)).Last();
        Assert.Equal((AuditActions.TechnicianRenewed, _technician.Id.ToString()), (renewed.Action, renewed.TargetId));
        Assert.Equal(later.ToString("O", System.Globalization.CultureInfo.InvariantCulture), renewed.Detail["expires-at"]);
        await Assert.ThrowsAsync<AccessRuleException>(() => MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], _clock.GetUtcNow())));
        await Assert.ThrowsAsync<AccessRuleException>(() => MspAsync(m => m.RenewAsync(_technician.Id, Hub.A.Id, later)));
    }

    [DatabaseFact]
    public async Task Refuse_a_revoked_grant_on_another_node_once_it_reads_the_technicians_access_afresh()
    {
        await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], expiresAt: null));
        await using var other = Hub.NewNode();
        var otherEvaluator = other.GetRequiredService<IPermissionEvaluator>();
        var before = await otherEvaluator.GetAccessAsync(_technician.Id, Hub.B.Id);
        Assert.True(before.Permissions.CanEnterTenant);

        Assert.True(await MspAsync(m => m.RevokeAsync(_technician.Id, Hub.B.Id)));

        // This node dropped its entry; the other learns of the change through the raised access version, which a
        // session token issued before it no longer matches, as soon as it reads the technician again.
        Assert.False(await CanAsync(_technician, Hub.B, "automs.view"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var after = await otherEvaluator.GetAccessAsync(_technician.Id, Hub.B.Id);
        Assert.False(after.Permissions.CanEnterTenant);
        Assert.True(after.AccessVersion > before.AccessVersion, "the revocation did not raise the technician's access version");
    }

    [DatabaseFact]
    public async Task Keep_a_grant_pending_until_the_tenants_admin_approves_when_the_tenant_requires_consent()
    {
        await RequireConsentAsync(Hub.B);
        var expiry = _clock.GetUtcNow().AddHours(8);

        var request = await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], expiry));

        Assert.NotNull(request);
        Assert.False(await CanAsync(_technician, Hub.B, "automs.view"));
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListTenantIdsAsync(_technician.Id)));
        using (Hub.In(Hub.B))
        {
            var pending = Assert.Single(await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id)));
            Assert.Equal(new DelegatedAccessEntry(_technician.Id, "tech", pending.Permissions, null, expiry, true, request.Id), pending);
            Assert.Equal(["automs.view"], pending.Permissions);

            var grant = await TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.B.Id, request.Id, _adminOfB.Id));

            Assert.Equal((expiry, _clock.GetUtcNow()), (grant.ExpiresAt!.Value, grant.GrantedAt!.Value));
            var active = Assert.Single(await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id)));
            Assert.False(active.IsPending);
        }

        Assert.True(await CanAsync(_technician, Hub.B, "automs.view"));
        var records = (await Hub.AuditRecordsAsync(Hub.B.Id)).Where(r => r.Action.StartsWith("msphub.access.technician", StringComparison.Ordinal)).ToList();
        Assert.Equal([AuditActions.TechnicianConsentRequested, AuditActions.TechnicianConsented], records.Select(r => r.Action));
        Assert.All(records, r => Assert.Equal((Hub.B.Id, request.Id.ToString()), (r.TenantId!.Value, r.Detail["request"])));
    }

    [DatabaseFact]
    public async Task Ask_consent_to_widen_but_not_to_narrow_and_keep_the_grant_in_force_meanwhile()
    {
        await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view", "automs.update"], _clock.GetUtcNow().AddHours(4)));
        await RequireConsentAsync(Hub.B);

        Assert.NotNull(await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view", "automs.delete"], _clock.GetUtcNow().AddHours(4))));
        Assert.NotNull(await MspAsync(m => m.RenewAsync(_technician.Id, Hub.B.Id, _clock.GetUtcNow().AddHours(5))));
        Assert.NotNull(await MspAsync(m => m.RenewAsync(_technician.Id, Hub.B.Id, expiresAt: null)));
        Assert.True(await CanAsync(_technician, Hub.B, "automs.update"));
        Assert.False(await CanAsync(_technician, Hub.B, "automs.delete"));
        using (Hub.In(Hub.B))
        {
            // A newer request withdraws the older: one waits.
            Assert.Equal([false, true], (await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id))).Select(e => e.IsPending));
        }

        Assert.Null(await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], _clock.GetUtcNow().AddHours(1))));
        Assert.False(await CanAsync(_technician, Hub.B, "automs.update"));
        Assert.True(await CanAsync(_technician, Hub.B, "automs.view"));
        using (Hub.In(Hub.B))
        {
            // The direct change is the MSP's latest word: the request for more is withdrawn.
            Assert.Equal([false], (await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id))).Select(e => e.IsPending));
        }
    }

    [DatabaseFact]
    public async Task Refuse_approval_by_another_tenants_admin_a_technician_the_msp_a_plain_member_or_from_another_tenant()
    {
        await RequireConsentAsync(Hub.B);
        await MspAsync(m => m.GrantAsync(_technician.Id, Hub.A.Id, ["automs.view"], expiresAt: null));
        var request = (await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], expiresAt: null)))!;

        using (Hub.In(Hub.B))
        {
            foreach (var outsider in new[] { _adminOfA, _technician, _mspAdmin, _viewerOfB })
            {
                await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.B.Id, request.Id, outsider.Id)));
                await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(async m => { await m.DeclineTechnicianAccessAsync(Hub.B.Id, request.Id, outsider.Id); return true; }));
            }
        }

        using (Hub.In(Hub.A))
        {
            // A's admin answering in A cannot reach B's request, and A's code cannot name tenant B.
            await Assert.ThrowsAsync<GrantRequestNotAvailableException>(() => TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.A.Id, request.Id, _adminOfA.Id)));
            await Assert.ThrowsAsync<TenantIsolationException>(() => TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.B.Id, request.Id, _adminOfB.Id)));
            await Assert.ThrowsAsync<TenantIsolationException>(() => TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id)));
            await Assert.ThrowsAsync<TenantIsolationException>(() => TenantAsync(m => m.RevokeTechnicianAccessAsync(Hub.B.Id, _technician.Id)));
        }

        Assert.False(await CanAsync(_technician, Hub.B, "automs.view"));
        Assert.Equal(TechnicianGrantRequestState.Pending, (await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindGrantRequestAsync(request.Id)))!.State);
    }

    [DatabaseFact]
    public async Task Let_exactly_one_of_two_admins_approving_at_once_win()
    {
        await RequireConsentAsync(Hub.B);
        var request = (await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], expiresAt: null)))!;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = new[] { _adminOfB, _secondAdminOfB, _adminOfB, _secondAdminOfB }.Select(admin => Task.Run(async () =>
        {
            await start.Task;
            using (Hub.In(Hub.B))
            {
                try
                {
                    await TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.B.Id, request.Id, admin.Id));
                    return true;
                }
                catch (GrantRequestNotAvailableException)
                {
                    return false;
                }
            }
        })).ToList();
        start.SetResult();

        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(won => won));
        Assert.Single(await Hub.AuditRecordsAsync(Hub.B.Id), r => r.Action == AuditActions.TechnicianConsented);
        Assert.True(await CanAsync(_technician, Hub.B, "automs.view"));
    }

    [DatabaseFact]
    public async Task Decline_a_request_and_let_the_tenant_revoke_what_the_msp_holds_there()
    {
        await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], expiresAt: null));
        await RequireConsentAsync(Hub.B);
        var request = (await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view", "automs.delete"], expiresAt: null)))!;

        using (Hub.In(Hub.B))
        {
            await TenantAsync(async m => { await m.DeclineTechnicianAccessAsync(Hub.B.Id, request.Id, _adminOfB.Id); return true; });
            await Assert.ThrowsAsync<GrantRequestNotAvailableException>(() => TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.B.Id, request.Id, _secondAdminOfB.Id)));
            Assert.True(await CanAsync(_technician, Hub.B, "automs.view"));
            Assert.False(await CanAsync(_technician, Hub.B, "automs.delete"));

            Assert.True(await TenantAsync(m => m.RevokeTechnicianAccessAsync(Hub.B.Id, _technician.Id)));
            Assert.False(await TenantAsync(m => m.RevokeTechnicianAccessAsync(Hub.B.Id, _technician.Id)));
            Assert.Empty(await TenantAsync(m => m.ListTechnicianAccessAsync(Hub.B.Id)));
        }

        Assert.False(await CanAsync(_technician, Hub.B, "automs.view"));
        Assert.Equal(
            [AuditActions.TechnicianGranted, AuditActions.TechnicianConsentRequested, AuditActions.TechnicianConsentDeclined, AuditActions.TechnicianRevokedByTenant],
            (await Hub.AuditRecordsAsync(Hub.B.Id)).Where(r => r.Action.StartsWith("msphub.access.technician", StringComparison.Ordinal)).Select(r => r.Action));
    }

    // Also not once they are a technician again: a promotion starts with no assignments, pending ones included.
    [DatabaseFact]
    public async Task Never_grant_the_request_of_a_technician_demoted_meanwhile()
    {
        await RequireConsentAsync(Hub.B);
        var request = (await MspAsync(m => m.GrantAsync(_technician.Id, Hub.B.Id, ["automs.view"], expiresAt: null)))!;
        await MspAsync(async m => { await m.SetSystemRoleAsync(_technician.Id, SystemRole.None); return true; });

        using (Hub.In(Hub.B))
        {
            await Assert.ThrowsAsync<GrantRequestNotAvailableException>(() => TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.B.Id, request.Id, _adminOfB.Id)));
        }

        await MspAsync(async m => { await m.SetSystemRoleAsync(_technician.Id, SystemRole.Technician); return true; });
        using (Hub.In(Hub.B))
        {
            await Assert.ThrowsAsync<GrantRequestNotAvailableException>(() => TenantAsync(m => m.ApproveTechnicianAccessAsync(Hub.B.Id, request.Id, _adminOfB.Id)));
        }

        Assert.Null(await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindGrantAsync(_technician.Id, Hub.B.Id)));
    }

    [DatabaseFact]
    public async Task Delete_a_tenants_pending_requests_with_it_and_count_them()
    {
        var doomed = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        await RequireConsentAsync(doomed);
        var request = (await MspAsync(m => m.GrantAsync(_technician.Id, doomed.Id, ["automs.view"], expiresAt: null)))!;

        var report = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, "doomed"));

        Assert.Equal(1, report.RowsDeleted.Single(r => r.Key.EndsWith("technician_grant_requests", StringComparison.Ordinal)).Value);
        Assert.Null(await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindGrantRequestAsync(request.Id)));
    }

    private Task<bool> RequireConsentAsync(Tenant tenant) =>
        WithAsync(async sp =>
        {
            await sp.GetRequiredService<ITenantSettings>().SetAsync(tenant.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            return true;
        });

    private async Task<bool> CanAsync(HubUser user, Tenant tenant, string permission)
    {
        var evaluator = Hub.Services.GetRequiredService<IPermissionEvaluator>();
        var catalog = Hub.Services.GetRequiredService<PermissionCatalog>();
        return await evaluator.HasPermissionAsync(user.Id, tenant.Id, catalog.Id(permission));
    }

    private Task<T> MspAsync<T>(Func<IMspAccessManager, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<IMspAccessManager>()));

    private Task<T> TenantAsync<T>(Func<ITenantAccessManager, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<ITenantAccessManager>()));

    // Each call in a scope of its own, as each request has.
    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        using var scope = Hub.Services.CreateScope();
        return await operation(scope.ServiceProvider);
    }
}

public sealed class SqliteDelegatedAccessShould() : DelegatedAccessSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresDelegatedAccessShould() : DelegatedAccessSuite(DatabaseProvider.Postgres);
