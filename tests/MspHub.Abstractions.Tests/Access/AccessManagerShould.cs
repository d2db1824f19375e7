using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Access;

/// <summary>The access rules as a tenant admin and the MSP meet them, each with a check that nothing changed when refused.</summary>
public sealed class AccessManagerShould : IDisposable
{
    private static readonly Tenant Msp = Tenant.Create("msp", "The MSP") with { IsAdminTenancy = true };
    private static readonly Tenant Contoso = Tenant.Create("contoso", "Contoso");
    private static readonly Tenant Fabrikam = Tenant.Create("fabrikam", "Fabrikam");

    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly InMemoryAccessStore _store;
    private readonly HubUser _admin = HubUser.Create("admin", SystemRole.MspAdmin);
    private readonly HubUser _tech = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _agent = HubUser.Create("agent");

    public AccessManagerShould()
    {
        _services = Hub.Build(hub => hub
            .AddInMemoryTenantStore(Msp, Contoso, Fabrikam)
            .AddInMemoryAccessStore()
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)
                .Resource("api-keys").Action("generate", sensitive: true)
                .Resource("tenants", mspLevel: true).Actions(PermissionActions.Create))
            .AddDefaultTenantRole("Admin", "automs.view", "automs.create", "automs.update", "automs.delete", "api-keys.generate")
            .AddDefaultTenantRole("Customer", "automs.view"));
        _scope = _services.CreateScope();
        _store = _services.GetRequiredService<InMemoryAccessStore>();
        foreach (var user in new[] { _admin, _tech, _agent })
        {
            _store.AddUserAsync(user).GetAwaiter().GetResult();
        }
    }

    private ITenantAccessManager TenantSide => _scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();

    private IMspAccessManager MspSide => _scope.ServiceProvider.GetRequiredService<IMspAccessManager>();

    private IPermissionEvaluator Evaluator => _services.GetRequiredService<IPermissionEvaluator>();

    private PermissionCatalog Catalog => _services.GetRequiredService<PermissionCatalog>();

    private async Task<bool> Can(HubUser user, Tenant tenant, string permission) =>
        await Evaluator.HasPermissionAsync(user.Id, tenant.Id, Catalog.Id(permission));

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Record_grants_in_the_tenants_chain_and_system_roles_in_the_msp_chain_but_not_refused_changes()
    {
        await MspSide.GrantAsync(_tech.Id, Contoso.Id, ["automs.view"]);
        await MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.MspAdmin);
        await Assert.ThrowsAsync<AccessRuleException>(() => MspSide.GrantAsync(_tech.Id, Contoso.Id, ["api-keys.generate"]));

        var store = _services.GetRequiredService<IAuditStore>();
        var contoso = await store.ReadAsync(Contoso.Id, 1, null).ToListAsync();
        var msp = await store.ReadAsync(null, 1, null).ToListAsync();
        var grant = Assert.Single(contoso);
        Assert.Equal((AuditActions.TechnicianGranted, _tech.Id.ToString(), "automs.view"), (grant.Action, grant.TargetId, grant.Detail["permissions"]));
        var role = Assert.Single(msp);
        Assert.Equal((AuditActions.SystemRoleSet, _agent.Id.ToString(), "MspAdmin"), (role.Action, role.TargetId, role.Detail["system-role"]));
    }

    [Fact]
    public async Task Give_an_MSP_admin_every_permission_in_every_tenant()
    {
        Assert.True(await Can(_admin, Contoso, "api-keys.generate"));
        Assert.True(await Can(_admin, Fabrikam, "tenants.create"));
    }

    [Fact]
    public async Task Find_a_user_in_the_in_memory_store_by_name_ignoring_case()
    {
        Assert.Equal(_tech, await _store.FindUserByNameAsync("TECH"));
        Assert.Null(await _store.FindUserByNameAsync("nobody"));
    }

    [Fact]
    public async Task Keep_the_last_active_MSP_admin()
    {
        var demote = await Assert.ThrowsAsync<AccessRuleException>(() => MspSide.SetSystemRoleAsync(_admin.Id, SystemRole.None));
        var deactivate = await Assert.ThrowsAsync<AccessRuleException>(() => MspSide.SetActiveAsync(_admin.Id, false));

        Assert.Contains("last active MSP admin", demote.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", deactivate.Message, StringComparison.Ordinal);
        Assert.Equal(_admin, await _store.FindUserAsync(_admin.Id));
        Assert.True(await Can(_admin, Contoso, "automs.delete"));

        await MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.MspAdmin);
        await MspSide.SetSystemRoleAsync(_admin.Id, SystemRole.None);
        Assert.False(await Can(_admin, Contoso, "automs.delete"));
    }

    [Fact]
    public async Task Refuse_a_tenant_role_named_after_a_system_role()
    {
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "MspAdmin", Permissions = ["automs.view"] }));
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "technician" }));

        Assert.Empty(await TenantSide.ListRolesAsync(Contoso.Id));
    }

    [Fact]
    public async Task Let_technicians_act_only_where_assigned_and_only_with_what_was_granted()
    {
        await MspSide.GrantAsync(_tech.Id, Contoso.Id, ["automs.view", "automs.update"]);

        Assert.True(await Can(_tech, Contoso, "automs.update"));
        Assert.False(await Can(_tech, Contoso, "automs.delete"));
        Assert.False(await Can(_tech, Fabrikam, "automs.view"));
    }

    [Fact]
    public async Task Never_grant_a_sensitive_or_MSP_level_permission_to_a_technician()
    {
        await MspSide.GrantAsync(_tech.Id, Contoso.Id, ["automs.view"]);

        var error = await Assert.ThrowsAsync<AccessRuleException>(() => MspSide.GrantAsync(_tech.Id, Contoso.Id, ["automs.view", "api-keys.generate", "tenants.create"]));

        Assert.Contains("api-keys.generate, tenants.create", error.Message, StringComparison.Ordinal);
        Assert.Equal(["automs.view"], (await _store.FindGrantAsync(_tech.Id, Contoso.Id))!.Permissions);
        Assert.False(await Can(_tech, Contoso, "api-keys.generate"));
    }

    [Fact]
    public async Task Refuse_grants_to_users_who_are_not_technicians_and_unknown_permissions()
    {
        await Assert.ThrowsAsync<AccessRuleException>(() => MspSide.GrantAsync(_agent.Id, Contoso.Id, ["automs.view"]));
        await Assert.ThrowsAsync<UnknownPermissionException>(() => MspSide.GrantAsync(_tech.Id, Contoso.Id, ["automs.purge"]));

        Assert.Null(await _store.FindGrantAsync(_agent.Id, Contoso.Id));
        Assert.Null(await _store.FindGrantAsync(_tech.Id, Contoso.Id));
    }

    [Fact]
    public async Task Deny_a_technician_the_very_next_check_after_a_revocation()
    {
        await MspSide.GrantAsync(_tech.Id, Contoso.Id, ["automs.view"]);
        Assert.True(await Can(_tech, Contoso, "automs.view"));

        Assert.True(await MspSide.RevokeAsync(_tech.Id, Contoso.Id));

        Assert.False(await Can(_tech, Contoso, "automs.view"));
    }

    [Fact]
    public async Task Keep_tenant_roles_independent_per_tenant_and_free_of_MSP_level_permissions()
    {
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "Agent", Permissions = ["automs.view", "automs.create"] });
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Fabrikam.Id, Name = "Agent", Permissions = ["automs.view"] });
        await TenantSide.SetMemberAsync(Contoso.Id, _agent.Id, ["agent"]);
        await TenantSide.SetMemberAsync(Fabrikam.Id, _agent.Id, ["Agent"]);

        var mspLevel = await Assert.ThrowsAsync<AccessRuleException>(() =>
            TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "Agent", Permissions = ["automs.view", "tenants.create"] }));

        Assert.Contains("tenants.create", mspLevel.Message, StringComparison.Ordinal);
        Assert.True(await Can(_agent, Contoso, "automs.create"));
        Assert.False(await Can(_agent, Fabrikam, "automs.create"));
        Assert.False(await Can(_agent, Contoso, "tenants.create"));
    }

    [Fact]
    public async Task Apply_a_changed_role_to_its_members_at_once_and_drop_a_deleted_one()
    {
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "Agent", Permissions = ["automs.view"] });
        await TenantSide.SetMemberAsync(Contoso.Id, _agent.Id, ["Agent"]);
        Assert.False(await Can(_agent, Contoso, "automs.delete"));

        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "Agent", Permissions = ["automs.view", "automs.delete"] });
        Assert.True(await Can(_agent, Contoso, "automs.delete"));

        Assert.True(await TenantSide.DeleteRoleAsync(Contoso.Id, "agent"));
        Assert.False(await Can(_agent, Contoso, "automs.view"));
        Assert.Empty((await _store.FindMembershipAsync(_agent.Id, Contoso.Id))!.Roles);
    }

    [Fact]
    public async Task Refuse_roles_the_tenant_does_not_have()
    {
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SetMemberAsync(Contoso.Id, _agent.Id, ["Owner"]));

        Assert.Null(await _store.FindMembershipAsync(_agent.Id, Contoso.Id));
    }

    [Fact]
    public async Task Give_admin_tenancy_members_shadow_memberships_that_tenants_never_list_or_change()
    {
        await _store.SaveMembershipAsync(new Membership { UserId = _admin.Id, TenantId = Msp.Id, IsPrimary = true });
        await _store.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = Msp.Id });
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "Agent", Permissions = ["automs.view"] });
        await TenantSide.SetMemberAsync(Contoso.Id, _agent.Id, ["Agent"]);

        var shadowed = await MspSide.AddShadowMembershipsAsync(Contoso.Id);

        Assert.Equal(new[] { _admin.Id, _tech.Id }.Order(), shadowed.Order());
        Assert.True((await _store.FindMembershipAsync(_tech.Id, Contoso.Id))!.IsShadow);
        Assert.Equal(["agent"], (await TenantSide.ListUsersAsync(Contoso.Id)).Select(m => m.User.UserName));
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.RemoveMemberAsync(Contoso.Id, _tech.Id));
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SetMemberAsync(Contoso.Id, _admin.Id, ["Agent"]));
        Assert.False(await Can(_tech, Contoso, "automs.view"));
        Assert.Empty(await MspSide.AddShadowMembershipsAsync(Msp.Id));
    }

    [Fact]
    public async Task Give_shadow_memberships_from_a_newly_designated_admin_tenancy_only_in_later_tenants()
    {
        await _store.SaveMembershipAsync(new Membership { UserId = _tech.Id, TenantId = Fabrikam.Id });

        await MspSide.DesignateAdminTenancyAsync(Fabrikam.Id);
        var shadowed = await MspSide.AddShadowMembershipsAsync(Contoso.Id);

        Assert.Equal([_tech.Id], shadowed);
        Assert.Null(await _store.FindMembershipAsync(_tech.Id, Msp.Id));
        var tenants = _scope.ServiceProvider.GetRequiredService<ITenantStore>();
        Assert.False((await tenants.FindByIdAsync(Msp.Id))!.IsAdminTenancy);
    }

    [Fact]
    public async Task Seed_the_default_tenant_roles_a_tenant_lacks_and_keep_customised_ones()
    {
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "customer", Permissions = ["automs.view"] });
        await TenantSide.SeedDefaultRolesAsync(Contoso.Id);
        await TenantSide.SeedDefaultRolesAsync(Contoso.Id);

        Assert.Equal(["Admin", "customer"], (await TenantSide.ListRolesAsync(Contoso.Id)).Select(r => r.Name));
        Assert.Empty(await TenantSide.ListRolesAsync(Fabrikam.Id));
        await TenantSide.SetMemberAsync(Contoso.Id, _agent.Id, ["Customer"]);
        Assert.True(await Can(_agent, Contoso, "automs.view"));
        Assert.False(await Can(_agent, Contoso, "automs.create"));
    }

    [Fact]
    public async Task Keep_one_primary_tenant_per_user()
    {
        await _store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Contoso.Id, IsPrimary = true });
        await _store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Fabrikam.Id, IsPrimary = true });
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Fabrikam.Id, Name = "Agent" });
        await TenantSide.SetMemberAsync(Fabrikam.Id, _agent.Id, ["Agent"]);

        Assert.False((await _store.FindMembershipAsync(_agent.Id, Contoso.Id))!.IsPrimary);
        Assert.True((await _store.FindMembershipAsync(_agent.Id, Fabrikam.Id))!.IsPrimary);
    }

    [Fact]
    public async Task Refuse_a_second_user_with_the_same_name_ignoring_case()
    {
        var clash = await Assert.ThrowsAsync<ConflictException>(() => MspSide.AddUserAsync(HubUser.Create("ADMIN")));

        Assert.Equal("user name", clash.Field);
    }

    [Fact]
    public async Task Give_technicians_nothing_through_tenant_roles_and_drop_their_grants_when_they_stop_being_technicians()
    {
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "Admin", Permissions = ["automs.delete"] });
        await TenantSide.SetMemberAsync(Contoso.Id, _agent.Id, ["Admin"]);
        await MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.Technician);
        Assert.False(await Can(_agent, Contoso, "automs.delete"));

        await MspSide.GrantAsync(_agent.Id, Contoso.Id, ["automs.view"]);
        await MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.None);
        await MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.Technician);

        Assert.Null(await _store.FindGrantAsync(_agent.Id, Contoso.Id));
        Assert.False(await Can(_agent, Contoso, "automs.view"));
    }

    // The store checks the role as it adds the request, not only the manager before it: a request kept for a user who is
    // not a technician would give a grant back unasked if they became one before its answer.
    [Fact]
    public async Task Refuse_a_grant_request_for_a_user_who_is_not_a_technician()
    {
        TechnicianGrantRequest For(HubUser user) =>
            new() { Id = Guid.CreateVersion7(), TenantId = Contoso.Id, UserId = user.Id, Permissions = ["automs.view"], RequestedAt = DateTimeOffset.UtcNow };
        var agents = For(_agent);
        var admins = For(_admin);
        await _store.AddGrantRequestAsync(For(_tech));
        await MspSide.SetSystemRoleAsync(_tech.Id, SystemRole.None);
        var demoted = For(_tech);

        await Assert.ThrowsAsync<AccessRuleException>(() => _store.AddGrantRequestAsync(agents));
        await Assert.ThrowsAsync<AccessRuleException>(() => _store.AddGrantRequestAsync(admins));
        await Assert.ThrowsAsync<AccessRuleException>(() => _store.AddGrantRequestAsync(demoted));

        foreach (var refused in new[] { agents, admins, demoted })
        {
            Assert.Null(await _store.FindGrantRequestAsync(refused.Id));
        }

        Assert.Empty(await _store.ListPendingGrantRequestsAsync(Contoso.Id));
    }

    [Fact]
    public async Task Refuse_tenant_side_calls_for_a_tenant_other_than_the_active_one()
    {
        var tenancy = _services.GetRequiredService<ITenancy>();
        using (tenancy.BeginScope(Contoso))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => TenantSide.SaveRoleAsync(new TenantRole { TenantId = Fabrikam.Id, Name = "Agent" }));
            await Assert.ThrowsAsync<TenantIsolationException>(() => TenantSide.ListUsersAsync(Fabrikam.Id));
            await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Contoso.Id, Name = "Agent" });
        }

        Assert.Empty(await TenantSide.ListRolesAsync(Fabrikam.Id));
    }

    [Fact]
    public async Task Answer_unknown_users_and_MSP_staff_alike_so_tenants_cannot_probe_ids()
    {
        var unknown = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SetMemberAsync(Contoso.Id, Guid.CreateVersion7(), []));
        var staff = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SetMemberAsync(Contoso.Id, _tech.Id, []));

        Assert.Equal(unknown.Message, staff.Message);
    }

    [Fact]
    public async Task Refuse_a_tenant_adding_another_tenants_user_exactly_as_an_unknown_id()
    {
        await _store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Contoso.Id, IsPrimary = true });
        await TenantSide.SaveRoleAsync(new TenantRole { TenantId = Fabrikam.Id, Name = "Agent" });
        var fresh = HubUser.Create("fresh");
        await MspSide.AddUserAsync(fresh);

        using (_services.GetRequiredService<ITenancy>().BeginScope(Fabrikam))
        {
            var foreign = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SetMemberAsync(Fabrikam.Id, _agent.Id, ["Agent"]));
            var unknown = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SetMemberAsync(Fabrikam.Id, Guid.CreateVersion7(), ["Agent"]));
            var staff = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.SetMemberAsync(Fabrikam.Id, _tech.Id, ["Agent"]));
            Assert.Equal(unknown.Message, foreign.Message);
            Assert.Equal(unknown.Message, staff.Message);

            // A user who belongs nowhere yet is the tenant's to add, and a member's roles stay the tenant's to change.
            await TenantSide.SetMemberAsync(Fabrikam.Id, fresh.Id, ["Agent"]);
            await TenantSide.SetMemberAsync(Fabrikam.Id, fresh.Id, []);
        }

        Assert.Null(await _store.FindMembershipAsync(_agent.Id, Fabrikam.Id));
        Assert.Equal([Contoso.Id], await _store.ListTenantIdsAsync(_agent.Id));
        Assert.True((await _store.FindMembershipAsync(_agent.Id, Contoso.Id))!.IsPrimary);

        // The MSP, outside any tenant, may add them.
        await TenantSide.SetMemberAsync(Fabrikam.Id, _agent.Id, ["Agent"]);
        Assert.False((await _store.FindMembershipAsync(_agent.Id, Fabrikam.Id))!.IsPrimary);
    }

    [Fact]
    public async Task Refuse_a_tenant_removing_a_user_who_is_not_its_member_exactly_as_an_unknown_id()
    {
        await _store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Contoso.Id, IsPrimary = true });
        var fresh = HubUser.Create("fresh");
        await MspSide.AddUserAsync(fresh);

        using (_services.GetRequiredService<ITenancy>().BeginScope(Fabrikam))
        {
            var unknown = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.RemoveMemberAsync(Fabrikam.Id, Guid.CreateVersion7()));
            var staff = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.RemoveMemberAsync(Fabrikam.Id, _tech.Id));
            var foreign = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.RemoveMemberAsync(Fabrikam.Id, _agent.Id));
            var nowhere = await Assert.ThrowsAsync<AccessRuleException>(() => TenantSide.RemoveMemberAsync(Fabrikam.Id, fresh.Id));
            Assert.Equal(unknown.Message, staff.Message);
            Assert.Equal(unknown.Message, foreign.Message);
            Assert.Equal(unknown.Message, nowhere.Message);
        }

        using (_services.GetRequiredService<ITenancy>().BeginScope(Contoso))
        {
            Assert.True(await TenantSide.RemoveMemberAsync(Contoso.Id, _agent.Id));
        }

        // The MSP, outside any tenant, is told whether the user was a member.
        Assert.False(await TenantSide.RemoveMemberAsync(Fabrikam.Id, fresh.Id));
    }

    [Fact]
    public async Task Not_let_a_concurrent_change_undo_a_demotion()
    {
        await MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.MspAdmin);

        await Task.WhenAll(
            Task.Run(() => MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.None)),
            Task.Run(() => MspSide.SetActiveAsync(_agent.Id, true)));

        Assert.Equal(SystemRole.None, (await _store.FindUserAsync(_agent.Id))!.SystemRole);
    }

    [Fact]
    public async Task Keep_at_least_one_active_MSP_admin_under_concurrent_demotions()
    {
        await MspSide.SetSystemRoleAsync(_agent.Id, SystemRole.MspAdmin);

        var outcomes = await Task.WhenAll(new[] { _admin, _agent }.Select(user => Task.Run(async () =>
        {
            using var scope = _services.CreateScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().SetSystemRoleAsync(user.Id, SystemRole.None);
                return true;
            }
            catch (AccessRuleException)
            {
                return false;
            }
        })));

        Assert.Equal(1, outcomes.Count(demoted => demoted));
        Assert.Equal(1, new[] { await _store.FindUserAsync(_admin.Id), await _store.FindUserAsync(_agent.Id) }.Count(u => u!.SystemRole == SystemRole.MspAdmin));
    }
}
