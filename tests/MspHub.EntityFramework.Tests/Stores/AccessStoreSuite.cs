using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>The EF Core access store on a real database, directly and through the access managers.</summary>
public abstract class AccessStoreSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private readonly HubUser _admin = HubUser.Create("admin", SystemRole.MspAdmin);
    private readonly HubUser _tech = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _agent = HubUser.Create("agent");

    private IAccessStore Store => Scope.ServiceProvider.GetRequiredService<IAccessStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var user in new[] { _admin, _tech, _agent })
        {
            await Store.AddUserAsync(user);
        }
    }

    [DatabaseFact]
    public async Task Store_users_and_refuse_taken_ids_and_names_ignoring_case()
    {
        Assert.Equal(_tech, await Store.FindUserAsync(_tech.Id));

        var name = await Assert.ThrowsAsync<ConflictException>(() => Store.AddUserAsync(HubUser.Create("TECH")));
        var id = await Assert.ThrowsAsync<ConflictException>(() => Store.AddUserAsync(_tech with { UserName = "other" }));
        var rename = await Assert.ThrowsAsync<ConflictException>(() => Store.TryUpdateUserAsync(_agent.Id, u => u with { UserName = "Admin" }));

        Assert.Equal(("user name", "id", "user name"), (name.Field, id.Field, rename.Field));
        Assert.Equal("agent", (await Store.FindUserAsync(_agent.Id))!.UserName);
    }

    [DatabaseFact]
    public async Task Find_a_user_by_name_ignoring_case_and_nobody_for_a_name_no_user_has()
    {
        Assert.Equal(_tech, await Store.FindUserByNameAsync("tech"));
        Assert.Equal(_agent, await Store.FindUserByNameAsync("AGENT"));
        Assert.Null(await Store.FindUserByNameAsync("agent2"));
        Assert.Null(await Store.FindUserByNameAsync("%"));
    }

    [DatabaseFact]
    public async Task Keep_the_last_active_MSP_admin_even_under_concurrent_demotions()
    {
        Assert.False(await Store.TryUpdateUserAsync(_admin.Id, u => u with { IsActive = false }));
        Assert.True(await Store.TryUpdateUserAsync(_agent.Id, u => u with { SystemRole = SystemRole.MspAdmin }));

        var outcomes = await Task.WhenAll(new[] { _admin, _agent }.Select(user => Task.Run(async () =>
        {
            using var scope = Hub.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IAccessStore>().TryUpdateUserAsync(user.Id, u => u with { SystemRole = SystemRole.None });
        })));

        Assert.Equal(1, outcomes.Count(demoted => demoted));
        var admins = 0;
        foreach (var user in new[] { _admin, _agent })
        {
            admins += (await Store.FindUserAsync(user.Id))!.SystemRole == SystemRole.MspAdmin ? 1 : 0;
        }

        Assert.Equal(1, admins);
    }

    [DatabaseFact]
    public async Task Serve_every_narrow_store_from_the_scopes_one_store_so_a_demotion_still_drops_grants_in_the_same_step()
    {
        Type[] narrow = [typeof(IHubUserStore), typeof(IMembershipStore), typeof(ITenantRoleStore), typeof(ITechnicianGrantStore), typeof(IInvitationStore)];
        using var other = Hub.Services.CreateScope();
        Assert.All(narrow, type => Assert.Same(Store, Scope.ServiceProvider.GetRequiredService(type)));
        Assert.All(narrow, type => Assert.NotSame(Store, other.ServiceProvider.GetRequiredService(type)));

        var grants = Scope.ServiceProvider.GetRequiredService<ITechnicianGrantStore>();
        await grants.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = Hub.A.Id, Permissions = ["automs.view"] });
        Assert.True(await Scope.ServiceProvider.GetRequiredService<IHubUserStore>().TryUpdateUserAsync(_tech.Id, u => u with { SystemRole = SystemRole.None }));

        Assert.Null(await grants.FindGrantAsync(_tech.Id, Hub.A.Id));
    }

    [DatabaseFact]
    public async Task Keep_memberships_with_one_primary_tenant_per_user()
    {
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
        await Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.A.Id, Roles = ["Agent"], IsPrimary = true });
        await Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.B.Id, IsPrimary = true });

        Assert.False((await Store.FindMembershipAsync(_agent.Id, Hub.A.Id))!.IsPrimary);
        Assert.Equal(["Agent"], (await Store.FindMembershipAsync(_agent.Id, Hub.A.Id))!.Roles);
        Assert.Equal(["agent"], (await Store.ListMembersAsync(Hub.B.Id)).Select(m => m.User.UserName));
        Assert.True(await Store.RemoveMembershipAsync(_agent.Id, Hub.B.Id));
        Assert.Null(await Store.FindMembershipAsync(_agent.Id, Hub.B.Id));
    }

    [DatabaseFact]
    public async Task List_the_tenants_a_user_has_a_membership_or_grant_in_once_each()
    {
        await Store.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = Hub.A.Id, IsShadow = true });
        await Store.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = Hub.A.Id, Permissions = ["automs.view"] });
        await Store.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = Hub.B.Id, Permissions = ["automs.view"] });

        Assert.Equal(new[] { Hub.A.Id, Hub.B.Id }.Order(), (await Store.ListTenantIdsAsync(_tech.Id)).Order());
        Assert.Empty(await Store.ListTenantIdsAsync(_agent.Id));
        Assert.True((await Store.GetAccessFactsAsync(_tech.Id, Hub.B.Id)).IsInTenant);
        Assert.False((await Store.GetAccessFactsAsync(_agent.Id, Hub.B.Id)).IsInTenant);
    }

    [DatabaseFact]
    public async Task Raise_a_users_access_version_with_every_change_to_their_access()
    {
        async Task<long> VersionAsync(HubUser user) => (await Store.FindUserAsync(user.Id))!.AccessVersion;
        var versions = new List<long> { await VersionAsync(_agent) };

        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
        await Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.A.Id, Roles = ["Agent"] });
        versions.Add(await VersionAsync(_agent));
        await Store.RemoveRoleAsync(Hub.A.Id, "agent");
        versions.Add(await VersionAsync(_agent));
        await Store.RemoveMembershipAsync(_agent.Id, Hub.A.Id);
        versions.Add(await VersionAsync(_agent));
        await Store.TryUpdateUserAsync(_agent.Id, u => u with { IsActive = false });
        versions.Add(await VersionAsync(_agent));
        Assert.False(await Store.RemoveMembershipAsync(_agent.Id, Hub.A.Id));
        versions.Add(await VersionAsync(_agent));

        Assert.Equal([0, 1, 2, 3, 4, 4], versions);
        Assert.Equal(4, (await Store.GetAccessFactsAsync(_agent.Id, Hub.A.Id)).AccessVersion);
    }

    [DatabaseFact]
    public async Task Give_active_admin_tenancy_members_shadow_memberships_in_one_step()
    {
        await Store.SaveMembershipAsync(new Membership { UserId = _admin.Id, TenantId = Hub.A.Id });
        await Store.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = Hub.A.Id });
        await Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.A.Id });
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.B.Id, Name = "Keep", Permissions = ["automs.view"] });
        await Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.B.Id, Roles = ["Keep"] });
        await Store.TryUpdateUserAsync(_tech.Id, u => u with { IsActive = false });

        var shadowed = await Store.AddShadowMembershipsAsync(Hub.A.Id, Hub.B.Id);

        Assert.Equal([_admin.Id], shadowed);
        Assert.True((await Store.FindMembershipAsync(_admin.Id, Hub.B.Id))!.IsShadow);
        Assert.Equal(["Keep"], (await Store.FindMembershipAsync(_agent.Id, Hub.B.Id))!.Roles);
        Assert.Null(await Store.FindMembershipAsync(_tech.Id, Hub.B.Id));
    }

    [DatabaseFact]
    public async Task Give_shadow_entry_only_while_its_holder_is_active_staff_of_the_admin_tenancy()
    {
        var msp = Scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        await msp.DesignateAdminTenancyAsync(Hub.A.Id);
        foreach (var user in new[] { _admin, _tech, _agent })
        {
            await Store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = Hub.A.Id });
        }

        Assert.Equal(3, (await msp.AddShadowMembershipsAsync(Hub.B.Id)).Count);
        async Task<bool> EntersAsync(HubUser user) =>
            (await Store.GetAccessFactsAsync(user.Id, Hub.B.Id)).IsInTenant && (await Store.ListTenantIdsAsync(user.Id)).Contains(Hub.B.Id);

        // A technician's shadow lets them in, with no permission; a plain admin-tenancy user's never does.
        Assert.True(await EntersAsync(_tech));
        Assert.Empty((await Store.GetAccessFactsAsync(_tech.Id, Hub.B.Id)).GrantedPermissions);
        Assert.False(await EntersAsync(_agent));
        Assert.False((await Store.GetAccessFactsAsync(_agent.Id, Hub.B.Id)).IsInTenant);
        Assert.DoesNotContain(Hub.B.Id, await Store.ListTenantIdsAsync(_agent.Id));

        // Demotion, deactivation and removal from the admin tenancy each end it, and each raises the access version.
        var version = (await Store.FindUserAsync(_tech.Id))!.AccessVersion;
        await msp.SetSystemRoleAsync(_tech.Id, SystemRole.None);
        Assert.False((await Store.GetAccessFactsAsync(_tech.Id, Hub.B.Id)).IsInTenant);
        Assert.DoesNotContain(Hub.B.Id, await Store.ListTenantIdsAsync(_tech.Id));
        Assert.True((await Store.FindUserAsync(_tech.Id))!.AccessVersion > version);

        await msp.SetSystemRoleAsync(_tech.Id, SystemRole.Technician);
        Assert.True(await EntersAsync(_tech));
        await msp.SetActiveAsync(_tech.Id, false);
        Assert.False((await Store.GetAccessFactsAsync(_tech.Id, Hub.B.Id)).IsInTenant);
        Assert.DoesNotContain(Hub.B.Id, await Store.ListTenantIdsAsync(_tech.Id));

        await msp.SetActiveAsync(_tech.Id, true);
        Assert.True(await EntersAsync(_tech));
        version = (await Store.FindUserAsync(_tech.Id))!.AccessVersion;
        Assert.True(await Store.RemoveMembershipAsync(_tech.Id, Hub.A.Id));
        Assert.False((await Store.GetAccessFactsAsync(_tech.Id, Hub.B.Id)).IsInTenant);
        Assert.DoesNotContain(Hub.B.Id, await Store.ListTenantIdsAsync(_tech.Id));
        Assert.True((await Store.FindUserAsync(_tech.Id))!.AccessVersion > version);
    }

    // Membership of the admin tenancy is what makes MSP staff, so moving the flag changes the access of the old and the
    // new tenancy's members: their versions rise (their session tokens are outdated) and their cached access goes.
    [DatabaseFact]
    public async Task Outdate_the_access_of_the_admin_tenancys_members_when_the_flag_moves()
    {
        var msp = Scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        await msp.DesignateAdminTenancyAsync(Hub.A.Id);
        await Store.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = Hub.A.Id });
        await msp.AddShadowMembershipsAsync(Hub.B.Id);
        var evaluator = Scope.ServiceProvider.GetRequiredService<IPermissionEvaluator>();
        Assert.True((await evaluator.GetAccessAsync(_tech.Id, Hub.B.Id)).Permissions.CanEnterTenant);
        var version = (await Store.FindUserAsync(_tech.Id))!.AccessVersion;
        var headquarters = Tenant.Create("headquarters", "Headquarters");
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(headquarters);

        await msp.DesignateAdminTenancyAsync(headquarters.Id);

        Assert.True((await Store.FindUserAsync(_tech.Id))!.AccessVersion > version);
        Assert.False((await evaluator.GetAccessAsync(_tech.Id, Hub.B.Id)).Permissions.CanEnterTenant);
    }

    [DatabaseFact]
    public async Task Read_the_facts_of_many_tenants_at_once_exactly_as_one_at_a_time()
    {
        var msp = Scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        await msp.DesignateAdminTenancyAsync(Hub.A.Id);
        await Store.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = Hub.A.Id });
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
        await Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.A.Id, Roles = ["agent"] });
        await msp.AddShadowMembershipsAsync(Hub.B.Id);
        await Store.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = Hub.B.Id, Permissions = ["automs.create"] });
        Guid[] tenants = [Hub.A.Id, Hub.B.Id, Guid.CreateVersion7()];

        foreach (var user in new[] { _admin, _tech, _agent })
        {
            var batch = await Store.GetAccessFactsAsync(user.Id, tenants);
            for (var i = 0; i < tenants.Length; i++)
            {
                var single = await Store.GetAccessFactsAsync(user.Id, tenants[i]);
                Assert.Equal(single.IsInTenant, batch[i].IsInTenant);
                Assert.Equal(single.RolePermissions, batch[i].RolePermissions);
                Assert.Equal(single.GrantedPermissions, batch[i].GrantedPermissions);
                Assert.Equal(single.AccessVersion, batch[i].AccessVersion);
            }
        }

        var agent = await Store.GetAccessFactsAsync(_agent.Id, tenants);
        Assert.Equal(["automs.view"], agent[0].RolePermissions);
        Assert.False(agent[1].IsInTenant);
        var tech = await Store.GetAccessFactsAsync(_tech.Id, tenants);
        Assert.True(tech[1].IsInTenant);
        Assert.Equal(["automs.create"], tech[1].GrantedPermissions);
        Assert.False(tech[2].IsInTenant);
    }

    [DatabaseFact]
    public async Task Replace_roles_by_name_ignoring_case_and_take_a_removed_role_from_members()
    {
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "AGENT", Permissions = ["automs.view", "automs.create"] });
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.B.Id, Name = "Agent", Permissions = ["automs.view"] });
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Viewer", Permissions = [] });
        await Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.A.Id, Roles = ["agent", "Viewer"] });

        Assert.Equal(["automs.view", "automs.create"], Assert.Single(await Store.ListRolesAsync(Hub.A.Id), r => r.Name == "AGENT").Permissions);
        Assert.Equal(["automs.view", "automs.create"], (await Store.GetAccessFactsAsync(_agent.Id, Hub.A.Id)).RolePermissions);

        Assert.True(await Store.RemoveRoleAsync(Hub.A.Id, "Agent"));
        Assert.Equal(["Viewer"], (await Store.FindMembershipAsync(_agent.Id, Hub.A.Id))!.Roles);
        Assert.Single(await Store.ListRolesAsync(Hub.B.Id));
    }

    // Checked in the transaction that saves the membership, so a role deleted meanwhile is never saved on a member.
    [DatabaseFact]
    public async Task Refuse_a_membership_naming_a_role_the_tenant_does_not_define()
    {
        await Store.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });

        var refused = await Assert.ThrowsAsync<AccessRuleException>(
            () => Store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.A.Id, Roles = ["Agent", "Ghost"] }));

        Assert.Contains("'Ghost'", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Store.FindMembershipAsync(_agent.Id, Hub.A.Id));
    }

    // Checked in the transaction that adds the request (the manager's check before it can be outdated by a demotion
    // committing meanwhile): a request kept for a user who is not a technician would give a grant back unasked if they
    // became one before its answer.
    [DatabaseFact]
    public async Task Refuse_a_grant_request_for_a_user_who_is_not_a_technician()
    {
        TechnicianGrantRequest For(HubUser user) =>
            new() { Id = Guid.CreateVersion7(), TenantId = Hub.A.Id, UserId = user.Id, Permissions = ["automs.view"], RequestedAt = DateTimeOffset.UtcNow };
        var agents = For(_agent);
        var admins = For(_admin);
        await Store.AddGrantRequestAsync(For(_tech));
        Assert.True(await Store.TryUpdateUserAsync(_tech.Id, u => u with { SystemRole = SystemRole.None }));
        var demoted = For(_tech);

        await Assert.ThrowsAsync<AccessRuleException>(() => Store.AddGrantRequestAsync(agents));
        await Assert.ThrowsAsync<AccessRuleException>(() => Store.AddGrantRequestAsync(admins));
        await Assert.ThrowsAsync<AccessRuleException>(() => Store.AddGrantRequestAsync(demoted));

        foreach (var refused in new[] { agents, admins, demoted })
        {
            Assert.Null(await Store.FindGrantRequestAsync(refused.Id));
        }

        Assert.Empty(await Store.ListPendingGrantRequestsAsync(Hub.A.Id));
    }

    [DatabaseFact]
    public async Task Drop_a_demoted_technicians_grants_in_the_same_write_as_the_role()
    {
        await Store.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = Hub.A.Id, Permissions = ["automs.view"] });
        await Store.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = Hub.B.Id, Permissions = ["automs.view"] });
        var before = (await Store.FindUserAsync(_tech.Id))!.AccessVersion;

        Assert.True(await Store.TryUpdateUserAsync(_tech.Id, u => u with { SystemRole = SystemRole.None }));

        Assert.Null(await Store.FindGrantAsync(_tech.Id, Hub.A.Id));
        Assert.Null(await Store.FindGrantAsync(_tech.Id, Hub.B.Id));
        Assert.Equal(before + 1, (await Store.FindUserAsync(_tech.Id))!.AccessVersion);
        Assert.True(await Store.TryUpdateUserAsync(_tech.Id, u => u with { SystemRole = SystemRole.Technician }));
        Assert.False((await Store.GetAccessFactsAsync(_tech.Id, Hub.A.Id)).IsInTenant);
    }

    [DatabaseFact]
    public async Task Answer_checks_from_grants_and_roles_and_deny_right_after_a_revocation()
    {
        var msp = Scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        var evaluator = Hub.Services.GetRequiredService<IPermissionEvaluator>();
        var view = Hub.Services.GetRequiredService<PermissionCatalog>().Id("automs.view");

        await msp.GrantAsync(_tech.Id, Hub.A.Id, ["automs.view"]);
        Assert.True(await evaluator.HasPermissionAsync(_tech.Id, Hub.A.Id, view));
        Assert.False(await evaluator.HasPermissionAsync(_tech.Id, Hub.B.Id, view));
        await Assert.ThrowsAsync<AccessRuleException>(() => msp.GrantAsync(_tech.Id, Hub.A.Id, ["api-keys.generate"]));

        Assert.True(await msp.RevokeAsync(_tech.Id, Hub.A.Id));
        Assert.False(await evaluator.HasPermissionAsync(_tech.Id, Hub.A.Id, view));
        Assert.Null(await Store.FindGrantAsync(_tech.Id, Hub.A.Id));
    }
}

public sealed class SqliteAccessStoreShould() : AccessStoreSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresAccessStoreShould() : AccessStoreSuite(DatabaseProvider.Postgres);
