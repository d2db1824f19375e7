using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.Licensing;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Activation;

/// <summary>
/// Licence activation (seed 000) on a real database: an install that ran single-tenant, with rows that
/// belong to no tenant (tenant id Guid.Empty, as a migration adding the column leaves them) and an
/// administrator, becomes an MSP hub in one transaction.
/// </summary>
public abstract class ActivationSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Guid AdministratorId = Guid.CreateVersion7();
    private TestHub _hub = null!;

    public Task InitializeAsync() => StartAsync(TestLicences.Licence("lic-1"));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task StartAsync(Licence? licence) =>
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.AddLicensing(TestLicences.Install(licence)));

    // Rows written before the install had tenants: created for A, then stripped of their tenant.
    private async Task AddUntenantedRowsAsync()
    {
        await _hub.AddAutomAsync(_hub.A, "legacy-backup");
        await _hub.AddAutomAsync(_hub.A, "legacy-patching");
        using (_hub.In(_hub.A))
        await using (var db = _hub.NewDb())
        {
            db.Secrets.Add(new VaultSecret { Key = "smtp", Value = "s3cret" });
            await db.SaveChangesAsync();
        }

        using (_hub.AcrossTenants("tests.make-untenanted"))
        await using (var db = _hub.NewDb())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE automs SET \"TenantId\" = {Guid.Empty} WHERE \"TenantId\" = {_hub.A.Id}");
            await db.Database.ExecuteSqlAsync($"UPDATE vault_secrets SET \"OrganizationId\" = {Guid.Empty}");
        }
    }

    private async Task<ActivationOutcome> ActivateAsync(Guid? administratorId = null, string name = "admin")
    {
        using var scope = _hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ILicenceActivation>().ActivateAsync(administratorId ?? AdministratorId, name);
    }

    private async Task<int> CountAutomsAsync(Tenant tenant)
    {
        using (_hub.In(tenant))
        await using (var db = _hub.NewDb())
        {
            return await db.Automs.CountAsync();
        }
    }

    [DatabaseFact]
    public async Task Make_the_administrator_msp_admin_create_the_default_tenant_and_assign_untenanted_rows()
    {
        await AddUntenantedRowsAsync();

        var outcome = await ActivateAsync();

        Assert.Equal(ActivationKind.Activated, outcome.Kind);
        Assert.True(outcome.AdminTenancyCreated);
        Assert.Equal(2, outcome.RowsAssigned.Single(r => r.Key.EndsWith("automs", StringComparison.Ordinal)).Value);
        Assert.Equal(1, outcome.RowsAssigned.Single(r => r.Key.EndsWith("vault_secrets", StringComparison.Ordinal)).Value);

        using var scope = _hub.Services.CreateScope();
        var defaultTenant = await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindBySlugAsync("default");
        Assert.NotNull(defaultTenant);
        Assert.Equal(("Default Tenant", true), (defaultTenant.Name, defaultTenant.IsAdminTenancy));
        Assert.Equal(defaultTenant.Id, outcome.Activation.AdminTenancyId);
        Assert.Equal(2, await CountAutomsAsync(defaultTenant));
        Assert.Equal(0, await CountAutomsAsync(_hub.A));

        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        Assert.Equal(SystemRole.MspAdmin, (await access.FindUserAsync(AdministratorId))!.SystemRole);
        Assert.True((await access.FindMembershipAsync(AdministratorId, defaultTenant.Id))!.IsPrimary);

        var notice = await scope.ServiceProvider.GetRequiredService<ILicenceActivation>().GetActivationAsync();
        Assert.Equal("lic-1", notice!.LicenceId);
        Assert.Contains("admin is the MSP admin", notice.Notice, StringComparison.Ordinal);
        Assert.Single(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.LicenceActivated && r.Detail["admin-tenancy"] == defaultTenant.Id.ToString());
    }

    // A single-tenant install with branches becomes an MSP: its own tenant becomes the admin tenancy, which passes no
    // access down, so each branch gets a copy of the roles it inherited and its people keep exactly what they held.
    [DatabaseFact]
    public async Task Hand_the_tenants_roles_down_to_its_branches_when_it_becomes_the_admin_tenancy()
    {
        var branchUser = HubUser.Create("branch-user");
        Tenant home, branch;
        using (var scope = _hub.Services.CreateScope())
        {
            var lifecycle = scope.ServiceProvider.GetRequiredService<ITenantLifecycle>();
            home = await lifecycle.CreateAsync("default", "Home");
            branch = await lifecycle.CreateAsync("branch", "Branch", home.Id);
            var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            await access.SaveRoleAsync(new TenantRole { TenantId = home.Id, Name = "Dispatcher", Permissions = ["automs.view", "automs.update"] });
            await access.AddUserAsync(branchUser);
            await access.SaveMembershipAsync(new Membership { UserId = branchUser.Id, TenantId = branch.Id, Roles = ["Dispatcher"], IsPrimary = true });
        }

        var catalog = _hub.Services.GetRequiredService<PermissionCatalog>();
        var evaluator = _hub.Services.GetRequiredService<IPermissionEvaluator>();
        Assert.True(await evaluator.HasPermissionAsync(branchUser.Id, branch.Id, catalog.Id("automs.update")));

        var outcome = await ActivateAsync();

        Assert.Equal((home.Id, false), (outcome.Activation.AdminTenancyId, outcome.AdminTenancyCreated));
        Assert.True(await evaluator.HasPermissionAsync(branchUser.Id, branch.Id, catalog.Id("automs.update")));
        using var check = _hub.Services.CreateScope();
        var own = await check.ServiceProvider.GetRequiredService<IAccessStore>().ListRolesAsync(branch.Id);
        Assert.Equal(["automs.update", "automs.view"], own.Single(r => r.Name == "Dispatcher").Permissions.Order());
    }

    [DatabaseFact]
    public async Task Upgrade_an_administrator_the_hub_already_knows_and_keep_their_name()
    {
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(new HubUser { Id = AdministratorId, UserName = "root" });
        }

        await ActivateAsync(name: "ignored");

        using var check = _hub.Services.CreateScope();
        var user = await check.ServiceProvider.GetRequiredService<IAccessStore>().FindUserAsync(AdministratorId);
        Assert.Equal(("root", SystemRole.MspAdmin), (user!.UserName, user.SystemRole));
    }

    [DatabaseFact]
    public async Task Move_the_administrators_access_version_on_and_drop_their_cached_permissions()
    {
        using (var scope = _hub.Services.CreateScope())
        {
            var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            await access.AddUserAsync(new HubUser { Id = AdministratorId, UserName = "root" });
            await access.SaveMembershipAsync(new Membership { UserId = AdministratorId, TenantId = _hub.A.Id });
        }

        var evaluator = _hub.Services.GetRequiredService<IPermissionEvaluator>();
        var before = await evaluator.GetAccessAsync(AdministratorId, _hub.A.Id);
        Assert.Equal(0, before.Permissions.Count);

        await ActivateAsync();

        var after = await evaluator.GetAccessAsync(AdministratorId, _hub.A.Id);
        Assert.True(after.AccessVersion > before.AccessVersion);
        Assert.NotEqual(0, after.Permissions.Count);
    }

    [DatabaseFact]
    public async Task Refuse_a_deactivated_administrator_and_change_nothing()
    {
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(new HubUser { Id = AdministratorId, UserName = "root", IsActive = false });
        }

        var error = await Assert.ThrowsAsync<AccessRuleException>(() => ActivateAsync());

        Assert.Contains("deactivated", error.Message, StringComparison.Ordinal);
        using var check = _hub.Services.CreateScope();
        var user = await check.ServiceProvider.GetRequiredService<IAccessStore>().FindUserAsync(AdministratorId);
        Assert.Equal((SystemRole.None, false), (user!.SystemRole, user.IsActive));
        Assert.Null(await check.ServiceProvider.GetRequiredService<ILicenceActivation>().GetActivationAsync());
    }

    [DatabaseFact]
    public async Task Refuse_a_renewal_that_names_an_unknown_user()
    {
        await ActivateAsync();
        using var scope = _hub.Services.CreateScope();
        var stranger = Guid.CreateVersion7();

        var error = await Assert.ThrowsAsync<AccessRuleException>(() => scope.ServiceProvider.GetRequiredService<IActivationStore>().ActivateAsync(new ActivationRequest
        {
            LicenceId = "lic-2",
            Licensee = "Northwind MSP",
            AdministratorId = stranger,
            AdministratorName = "mallory",
            At = DateTimeOffset.UtcNow.AddMinutes(1),
            Notice = "renewed",
        }));

        Assert.Contains("unknown", error.Message, StringComparison.Ordinal);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindUserAsync(stranger));
        Assert.Equal("lic-1", (await scope.ServiceProvider.GetRequiredService<IActivationStore>().FindLatestAsync())!.LicenceId);
    }

    [DatabaseFact]
    public async Task Refuse_a_renewal_that_names_a_user_who_is_not_an_msp_admin()
    {
        await ActivateAsync();
        using var scope = _hub.Services.CreateScope();
        var agent = HubUser.Create("agent");
        await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(agent);

        var error = await Assert.ThrowsAsync<AccessRuleException>(() => scope.ServiceProvider.GetRequiredService<IActivationStore>().ActivateAsync(new ActivationRequest
        {
            LicenceId = "lic-2",
            Licensee = "Northwind MSP",
            AdministratorId = agent.Id,
            AdministratorName = "agent",
            At = DateTimeOffset.UtcNow.AddMinutes(1),
            Notice = "renewed",
        }));

        Assert.Contains("not an MSP admin", error.Message, StringComparison.Ordinal);
        Assert.Equal(SystemRole.None, (await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindUserAsync(agent.Id))!.SystemRole);
        Assert.Equal("lic-1", (await scope.ServiceProvider.GetRequiredService<IActivationStore>().FindLatestAsync())!.LicenceId);
    }

    [DatabaseFact]
    public async Task Change_nothing_when_the_same_licence_is_activated_again()
    {
        await AddUntenantedRowsAsync();
        var first = await ActivateAsync();

        var again = await ActivateAsync();

        Assert.Equal(ActivationKind.AlreadyActive, again.Kind);
        Assert.False(again.AdminTenancyCreated);
        Assert.Empty(again.RowsAssigned);
        Assert.Equal(first.Activation, again.Activation);
        Assert.Single(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.LicenceActivated);
    }

    [DatabaseFact]
    public async Task Record_a_renewed_licence_without_creating_anything_twice()
    {
        var first = await ActivateAsync();
        using var scope = _hub.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IActivationStore>();

        var renewal = await store.ActivateAsync(new ActivationRequest
        {
            LicenceId = "lic-2",
            Licensee = "Northwind MSP",
            AdministratorId = AdministratorId,
            AdministratorName = "admin",
            At = DateTimeOffset.UtcNow.AddMinutes(1),
            Notice = "renewed",
        });

        Assert.Equal(ActivationKind.Renewed, renewal.Kind);
        Assert.False(renewal.AdminTenancyCreated);
        Assert.Equal(first.Activation.AdminTenancyId, renewal.Activation.AdminTenancyId);
        Assert.Equal("lic-2", (await store.FindLatestAsync())!.LicenceId);
        Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<ITenantStore>().ListAsync(new TenantQuery { IsAdminTenancy = true })).TotalCount);
    }

    [DatabaseFact]
    public async Task Leave_nothing_behind_when_a_step_fails_halfway()
    {
        await AddUntenantedRowsAsync();
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(HubUser.Create("admin"));
        }

        // A new administrator whose name is taken: refused after the admin tenancy was created.
        var error = await Assert.ThrowsAsync<ConflictException>(() => ActivateAsync(Guid.CreateVersion7(), "admin"));

        Assert.Equal("user name", error.Field);
        using var check = _hub.Services.CreateScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<ITenantStore>().FindBySlugAsync("default"));
        Assert.Null(await check.ServiceProvider.GetRequiredService<ILicenceActivation>().GetActivationAsync());
        using (_hub.AcrossTenants("tests.count-untenanted"))
        await using (var db = _hub.NewDb())
        {
            Assert.Equal(2, await db.Automs.CountAsync(a => a.TenantId == Guid.Empty));
        }

        Assert.DoesNotContain(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.LicenceActivated);
    }

    [DatabaseFact]
    public async Task Refuse_to_activate_without_a_valid_licence()
    {
        await _hub.DisposeAsync();
        await StartAsync(licence: null);

        var error = await Assert.ThrowsAsync<LicenceRequiredException>(() => ActivateAsync());

        Assert.StartsWith("Activation needs a valid licence", error.Message, StringComparison.Ordinal);
        using var scope = _hub.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindUserAsync(AdministratorId));
    }
}

public sealed class SqliteActivationShould() : ActivationSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresActivationShould() : ActivationSuite(DatabaseProvider.Postgres);
