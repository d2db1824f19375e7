using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Hierarchy;

/// <summary>
/// Access that follows the tenant tree, attacked on a real database: MSP (tenant A) → Client → Site 1, Site 2, and a
/// sibling branch MSP → Other → Other site; tenant B stands apart. The permission cache lives an hour here, so a
/// change seen at the next check can only come from invalidation, never from an entry running out. With
/// <paramref name="inMemoryAccess"/>, users, memberships, roles and grants are kept by <see cref="InMemoryAccessStore"/>,
/// which reads the tree from the database's (scoped) tenant store: the same attacks, the same answers.
/// </summary>
public abstract class HierarchyAccessSuite(DatabaseProvider provider, bool inMemoryAccess = false) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _otherTechnician = HubUser.Create("other-tech", SystemRole.Technician);
    private readonly HubUser _clientAdmin = HubUser.Create("client-admin");
    private readonly HubUser _siteUser = HubUser.Create("site-user");
    private TestHub _hub = null!;
    private Tenant _client = null!;
    private Tenant _site1 = null!;
    private Tenant _site2 = null!;
    private Tenant _other = null!;
    private Tenant _otherSite = null!;

    private TestHub Hub => _hub;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub =>
        {
            if (inMemoryAccess)
            {
                hub.AddInMemoryAccessStore();
            }

            hub.AddPermissions(p => p.Resource("access").Action("consent", sensitive: true))
                .Configure(o => o.AccessCache.Duration = TimeSpan.FromHours(1))
                .Services.AddSingleton<TimeProvider>(_clock);
        });
        _client = await CreateAsync("client", Hub.A);
        _site1 = await CreateAsync("site-1", _client);
        _site2 = await CreateAsync("site-2", _client);
        _other = await CreateAsync("other", Hub.A);
        _otherSite = await CreateAsync("other-site", _other);
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            foreach (var user in new[] { _technician, _otherTechnician, _clientAdmin, _siteUser })
            {
                await store.AddUserAsync(user);
            }

            return true;
        });
        await TenantAsync(_client, t => t.SaveRoleAsync(new TenantRole { TenantId = _client.Id, Name = "Admin", Permissions = ["automs.view", "automs.update", TechnicianConsent.Permission] }));
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Give_a_subtree_grant_in_its_branch_and_never_in_the_parent_a_sibling_branch_or_another_tree()
    {
        Assert.Null(await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null)));
        await MspAsync(m => m.GrantAsync(_otherTechnician.Id, _client.Id, ["automs.view"]));

        foreach (var covered in new[] { _client, _site1, _site2 })
        {
            Assert.True(await CanAsync(_technician, covered, "automs.view"), covered.Slug);
        }

        foreach (var outside in new[] { Hub.A, _other, _otherSite, Hub.B })
        {
            Assert.False(await CanAsync(_technician, outside, "automs.view"), outside.Slug);
            Assert.False(await EntersAsync(_technician, outside), outside.Slug);
        }

        // A grant for the client alone stays there: the flag, not the tree, decides.
        Assert.True(await CanAsync(_otherTechnician, _client, "automs.view"));
        Assert.False(await CanAsync(_otherTechnician, _site1, "automs.view"));
        Assert.True((await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindGrantAsync(_technician.Id, _client.Id)))!.IncludesDescendants);
    }

    // The admin tenancy is the MSP's own organisation: a role, subtree membership or subtree grant there reaches no client
    // under it, so no one holding a tenant role in the MSP's tenant can reach into, or redefine roles of, its clients.
    // Caches live an hour here, so each change of designation is seen through invalidation alone.
    [DatabaseFact]
    public async Task Pass_nothing_of_the_admin_tenancys_access_down_to_the_tenants_under_it()
    {
        await TenantAsync(Hub.A, t => t.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Helpdesk", Permissions = ["automs.view", "automs.delete"] }));
        await TenantAsync(Hub.A, t => t.SetMemberAsync(Hub.A.Id, _siteUser.Id, ["Helpdesk"], includesDescendants: true));
        await TenantAsync(_client, t => t.SetMemberAsync(_client.Id, _clientAdmin.Id, ["Helpdesk"]));
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, Hub.A.Id, ["automs.view"], expiresAt: null));
        Assert.True(await CanAsync(_siteUser, _site1, "automs.view"));
        Assert.True(await CanAsync(_clientAdmin, _client, "automs.delete"));
        Assert.True(await CanAsync(_technician, _client, "automs.view"));

        await MspAsync(m => m.DesignateAdminTenancyAsync(Hub.A.Id));

        Assert.True(await CanAsync(_siteUser, Hub.A, "automs.view"));
        foreach (var below in new[] { _client, _site1, _other })
        {
            Assert.False(await EntersAsync(_siteUser, below), below.Slug);
            Assert.False(await CanAsync(_technician, below, "automs.view"), below.Slug);
        }

        // The client inherited Helpdesk until now: it holds a copy of its own, so its member keeps what they had, and the
        // copy is the client's to change.
        Assert.True(await CanAsync(_clientAdmin, _client, "automs.delete"));
        Assert.Contains(await TenantAsync(_client, t => t.ListRolesAsync(_client.Id)), r => r.Name == "Helpdesk");
        Assert.DoesNotContain(await TenantAsync(_client, t => t.ListInheritedRolesAsync(_client.Id)), r => r.Name == "Helpdesk");
        Assert.Equal([Hub.A.Id], await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListTenantIdsAsync(_siteUser.Id)));
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(Hub.A, t => t.SetMemberAsync(Hub.A.Id, _clientAdmin.Id, ["Helpdesk"], includesDescendants: true)));
        await Assert.ThrowsAsync<AccessRuleException>(() => MspAsync(m => m.GrantSubtreeAsync(_otherTechnician.Id, Hub.A.Id, ["automs.view"], expiresAt: null)));
        Assert.False(await EntersAsync(_clientAdmin, Hub.A));

        // The client redefines its copy; the admin tenancy's changes to its own role of that name never touch it.
        await TenantAsync(_client, t => t.SaveRoleAsync(new TenantRole { TenantId = _client.Id, Name = "Helpdesk", Permissions = ["automs.view"] }));
        await TenantAsync(Hub.A, t => t.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Helpdesk", Permissions = ["automs.view", "automs.delete", "automs.update"] }));
        await TenantAsync(Hub.A, t => t.DeleteRoleAsync(Hub.A.Id, "Helpdesk"));
        Assert.True(await CanAsync(_clientAdmin, _client, "automs.view"));
        Assert.False(await CanAsync(_clientAdmin, _client, "automs.update"));

        // Designating another tenant gives Hub.A's branch its inheritance back at the next check.
        await MspAsync(m => m.DesignateAdminTenancyAsync(Hub.B.Id));
        await TenantAsync(Hub.A, t => t.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Helpdesk", Permissions = ["automs.view"] }));
        await TenantAsync(Hub.A, t => t.SetMemberAsync(Hub.A.Id, _siteUser.Id, ["Helpdesk"], includesDescendants: true));
        Assert.True(await CanAsync(_siteUser, _site1, "automs.view"));
        Assert.True(await CanAsync(_technician, _client, "automs.view"));
    }

#pragma warning disable IDE0007 // The page names the types it returns.
    [DatabaseFact]
    public async Task Work_as_the_access_control_page_shows()
    {
        using var scope = Hub.Services.CreateScope();
        var (msp, access, tenancy) = (scope.ServiceProvider.GetRequiredService<IMspAccessManager>(), scope.ServiceProvider.GetRequiredService<ITenantAccessManager>(), Hub.Tenancy);
        var (client, site, technicianId, clientAdminId, siteUserId, cancellationToken) = (_client, _site1, _technician.Id, _clientAdmin.Id, _siteUser.Id, CancellationToken.None);

        // docs: access-control.md#hierarchy
        // MSP side: one grant for the client and every site under it, today's and tomorrow's.
        await msp.GrantSubtreeAsync(technicianId, client.Id, ["automs.view", "automs.update"], expiresAt: null, cancellationToken);

        // Client side (a request with the client active): its admin becomes admin of its sites too.
        using (tenancy.BeginScope(client))
        {
            await access.SetMemberAsync(client.Id, clientAdminId, ["Admin"], includesDescendants: true, cancellationToken);
        }

        // Site side (a request with the site active): the client's roles are assignable here, and read-only.
        using (tenancy.BeginScope(site))
        {
            IReadOnlyList<TenantRole> inherited = await access.ListInheritedRolesAsync(site.Id, cancellationToken); // the client's Admin
            IReadOnlyList<DelegatedAccessEntry> technicians = await access.ListTechnicianAccessAsync(site.Id, cancellationToken); // the client's grant, InheritedFrom = client.Id
            await access.SaveRoleAsync(new TenantRole { TenantId = site.Id, Name = "Front desk", Permissions = ["automs.view"] }, cancellationToken);
            await access.SetMemberAsync(site.Id, siteUserId, ["Admin", "Front desk"], cancellationToken);
        }
        // end docs

        Assert.Equal([(technicianId, (Guid?)client.Id)], (await TenantAsync(site, t => t.ListTechnicianAccessAsync(site.Id))).Select(e => (e.TechnicianId, e.InheritedFrom)));
        Assert.True(await CanAsync(_technician, site, "automs.update"));
        Assert.True(await CanAsync(_clientAdmin, site, "automs.update"));
        Assert.True(await CanAsync(_siteUser, site, "automs.update"));
        Assert.False(await EntersAsync(_siteUser, client));
        Assert.False(await EntersAsync(_technician, _other));
        Assert.False(await EntersAsync(_clientAdmin, Hub.A));
    }
#pragma warning restore IDE0007

    [DatabaseFact]
    public async Task List_the_branch_among_the_tenants_of_a_subtree_grant_or_membership_holder()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));
        await MspAsync(m => m.GrantAsync(_otherTechnician.Id, _client.Id, ["automs.view"]));
        await TenantAsync(_other, t => t.SaveRoleAsync(new TenantRole { TenantId = _other.Id, Name = "Viewer", Permissions = ["automs.view"] }));
        await TenantAsync(_other, t => t.SetMemberAsync(_other.Id, _clientAdmin.Id, ["Viewer"], includesDescendants: true));

        var ids = (IAccessStore store, HubUser user) => store.ListTenantIdsAsync(user.Id);
        Assert.Equal(
            new[] { _client.Id, _site1.Id, _site2.Id }.Order(),
            (await WithAsync(sp => ids(sp.GetRequiredService<IAccessStore>(), _technician))).Order());
        Assert.Equal([_client.Id], await WithAsync(sp => ids(sp.GetRequiredService<IAccessStore>(), _otherTechnician)));
        Assert.Equal(
            new[] { _other.Id, _otherSite.Id }.Order(),
            (await WithAsync(sp => ids(sp.GetRequiredService<IAccessStore>(), _clientAdmin))).Order());
    }

    [DatabaseFact]
    public async Task Cover_a_site_created_after_the_subtree_grant()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));
        Assert.True(await CanAsync(_technician, _site1, "automs.view"));

        var site3 = await CreateAsync("site-3", _client);

        Assert.True(await CanAsync(_technician, site3, "automs.view"));
    }

    [DatabaseFact]
    public async Task Take_access_away_at_the_next_check_when_a_site_moves_out_and_give_it_when_a_branch_moves_in()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));
        Assert.True(await CanAsync(_technician, _site1, "automs.view"));
        Assert.False(await CanAsync(_technician, _otherSite, "automs.view"));

        await LifecycleAsync(l => l.MoveAsync(_site1.Id, _other.Id));
        await LifecycleAsync(l => l.MoveAsync(_otherSite.Id, _site2.Id));

        Assert.False(await CanAsync(_technician, _site1, "automs.view"));
        Assert.False(await EntersAsync(_technician, _site1));
        Assert.True(await CanAsync(_technician, _otherSite, "automs.view"));
        var moves = (await Hub.AuditRecordsAsync(null)).Where(r => r.Action == AuditActions.TenantChanged && r.Detail.GetValueOrDefault("change") == "moved").ToList();
        Assert.Contains(moves, r => r.TargetId == _site1.Id.ToString() && r.Detail["parent"] == _other.Id.ToString());
        Assert.Contains(moves, r => r.TargetId == _otherSite.Id.ToString() && r.Detail["parent"] == _site2.Id.ToString());
    }

    [DatabaseFact]
    public async Task Give_nothing_anywhere_in_the_branch_once_a_time_boxed_subtree_grant_expires()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], _clock.GetUtcNow().AddSeconds(10)));
        Assert.True(await CanAsync(_technician, _site1, "automs.view"));
        Assert.True(await CanAsync(_technician, _client, "automs.view"));

        _clock.Advance(TimeSpan.FromSeconds(11));

        foreach (var tenant in new[] { _client, _site1, _site2 })
        {
            Assert.False(await CanAsync(_technician, tenant, "automs.view"), tenant.Slug);
            Assert.False(await EntersAsync(_technician, tenant), tenant.Slug);
        }
    }

    [DatabaseFact]
    public async Task Offer_the_parents_roles_in_a_site_and_refuse_to_change_rename_widen_or_delete_them_there()
    {
        var inherited = await TenantAsync(_site1, t => t.ListInheritedRolesAsync(_site1.Id));
        Assert.Equal(["Admin"], inherited.Select(r => r.Name));
        Assert.Equal(_client.Id, inherited[0].TenantId);

        var widen = await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(_site1, t => t.SaveRoleAsync(
            new TenantRole { TenantId = _site1.Id, Name = "admin", Permissions = ["automs.view", "automs.update", "automs.delete"] })));
        Assert.Contains("inherited", widen.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(_site1, t => t.DeleteRoleAsync(_site1.Id, "Admin")));
        await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(_site2, t => t.SaveRoleAsync(new TenantRole { TenantId = _site2.Id, Name = "ADMIN", Permissions = [] })));

        // The site adds a role of its own, and assigns both.
        await TenantAsync(_site1, t => t.SaveRoleAsync(new TenantRole { TenantId = _site1.Id, Name = "Site viewer", Permissions = ["automs.view"] }));
        await TenantAsync(_site1, t => t.SetMemberAsync(_site1.Id, _siteUser.Id, ["Admin", "Site viewer"]));

        Assert.True(await CanAsync(_siteUser, _site1, "automs.update"));
        Assert.False(await CanAsync(_siteUser, _site1, "automs.delete"));
        Assert.Equal(["Admin"], (await TenantAsync(_client, t => t.ListRolesAsync(_client.Id))).Select(r => r.Name));
        Assert.Equal(["automs.view", "automs.update", TechnicianConsent.Permission], (await TenantAsync(_client, t => t.ListRolesAsync(_client.Id)))[0].Permissions);
        Assert.False(await CanAsync(_siteUser, _client, "automs.view"));
    }

    [DatabaseFact]
    public async Task Narrow_an_inherited_role_in_every_site_at_the_next_check_when_the_parent_changes_it()
    {
        await TenantAsync(_site1, t => t.SetMemberAsync(_site1.Id, _siteUser.Id, ["Admin"]));
        Assert.True(await CanAsync(_siteUser, _site1, "automs.update"));

        await TenantAsync(_client, t => t.SaveRoleAsync(new TenantRole { TenantId = _client.Id, Name = "Admin", Permissions = ["automs.view"] }));

        Assert.False(await CanAsync(_siteUser, _site1, "automs.update"));
        Assert.True(await CanAsync(_siteUser, _site1, "automs.view"));
    }

    [DatabaseFact]
    public async Task Take_a_deleted_parent_role_from_the_sites_that_inherited_it_so_a_later_role_of_that_name_revives_nothing()
    {
        await TenantAsync(_site1, t => t.SetMemberAsync(_site1.Id, _siteUser.Id, ["Admin"]));
        Assert.True(await CanAsync(_siteUser, _site1, "automs.view"));

        Assert.True(await TenantAsync(_client, t => t.DeleteRoleAsync(_client.Id, "Admin")));

        Assert.False(await CanAsync(_siteUser, _site1, "automs.view"));
        var membership = await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindMembershipAsync(_siteUser.Id, _site1.Id));
        Assert.Empty(membership!.Roles);
        await TenantAsync(_site1, t => t.SaveRoleAsync(new TenantRole { TenantId = _site1.Id, Name = "Admin", Permissions = ["automs.view"] }));
        Assert.False(await CanAsync(_siteUser, _site1, "automs.view"));
    }

    [DatabaseFact]
    public async Task Make_a_client_admin_admin_of_its_sites_and_of_nothing_above_or_beside_them()
    {
        await TenantAsync(_client, t => t.SetMemberAsync(_client.Id, _clientAdmin.Id, ["Admin"], includesDescendants: true));

        foreach (var covered in new[] { _client, _site1, _site2 })
        {
            Assert.True(await CanAsync(_clientAdmin, covered, "automs.update"), covered.Slug);
        }

        foreach (var outside in new[] { Hub.A, _other, _otherSite, Hub.B })
        {
            Assert.False(await EntersAsync(_clientAdmin, outside), outside.Slug);
        }

        // A site created later is theirs too; a site moved away is not.
        var site3 = await CreateAsync("site-3", _client);
        Assert.True(await CanAsync(_clientAdmin, site3, "automs.update"));
        await LifecycleAsync(l => l.MoveAsync(_site2.Id, _other.Id));
        Assert.False(await EntersAsync(_clientAdmin, _site2));
    }

    [DatabaseFact]
    public async Task Ask_the_branch_roots_administrators_for_consent_to_a_subtree_grant()
    {
        await TenantAsync(_client, t => t.SetMemberAsync(_client.Id, _clientAdmin.Id, ["Admin"]));
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<ITenantSettings>().SetAsync(_client.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            return true;
        });

        var request = await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));

        Assert.NotNull(request);
        Assert.True(request.IncludesDescendants);
        Assert.False(await CanAsync(_technician, _site1, "automs.view"));
        await TenantAsync(_client, t => t.ApproveTechnicianAccessAsync(_client.Id, request.Id, _clientAdmin.Id));
        Assert.True(await CanAsync(_technician, _site1, "automs.view"));
        Assert.False(await CanAsync(_technician, _other, "automs.view"));
    }

    // The client asked for consent when the request was made and stopped since, while a site below it started asking:
    // approving the waiting request must meet the rule a direct grant meets, not reach the site with nobody there asked.
    [DatabaseFact]
    public async Task Refuse_to_approve_a_subtree_request_that_would_reach_a_tenant_requiring_consent_once_the_root_no_longer_does()
    {
        await TenantAsync(_client, t => t.SetMemberAsync(_client.Id, _clientAdmin.Id, ["Admin"]));
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<ITenantSettings>().SetAsync(_client.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            return true;
        });
        var request = await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));
        await WithAsync(async sp =>
        {
            var settings = sp.GetRequiredService<ITenantSettings>();
            await settings.SetAsync(_site1.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            await settings.SetAsync(_client.Id, TechnicianConsent.SettingKey, null);
            return true;
        });

        var refused = await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(_client, t => t.ApproveTechnicianAccessAsync(_client.Id, request!.Id, _clientAdmin.Id)));

        Assert.Contains(_site1.Id.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.False(await CanAsync(_technician, _site1, "automs.view"));
        Assert.False(await CanAsync(_technician, _client, "automs.view"));
        Assert.Contains(await TenantAsync(_client, t => t.ListTechnicianAccessAsync(_client.Id)), e => e.IsPending && e.RequestId == request!.Id);
    }

    // Consent required at a site, not at its client: a subtree grant at the client would reach the site with nobody there asked.
    [DatabaseFact]
    public async Task Refuse_a_subtree_grant_above_a_tenant_that_requires_consent()
    {
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<ITenantSettings>().SetAsync(_site1.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            return true;
        });

        var refused = await Assert.ThrowsAsync<AccessRuleException>(() => MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null)));

        Assert.Contains(_site1.Id.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.False(await CanAsync(_technician, _site1, "automs.view"));
        Assert.False(await CanAsync(_technician, _client, "automs.view"));
        Assert.Null(await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _other.Id, ["automs.view"], expiresAt: null)));
        Assert.True(await CanAsync(_technician, _otherSite, "automs.view"));
    }

    // The same reach by the other road: the grant first, then a tenant that requires consent moved under it.
    [DatabaseFact]
    public async Task Refuse_moving_a_tenant_that_requires_consent_under_a_subtree_grant_that_does_not_reach_it_yet()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _other.Id, ["automs.view"], expiresAt: null));
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<ITenantSettings>().SetAsync(_site1.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            return true;
        });

        var refused = await Assert.ThrowsAsync<AccessRuleException>(() => LifecycleAsync(l => l.MoveAsync(_site1.Id, _other.Id)));
        await LifecycleAsync(l => l.MoveAsync(_site2.Id, _other.Id));

        Assert.Contains(_site1.Id.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Equal(_client.Id, (await WithAsync(sp => sp.GetRequiredService<ITenantStore>().FindByIdAsync(_site1.Id).AsTask()))!.ParentId);
        Assert.False(await CanAsync(_technician, _site1, "automs.view"));
        Assert.True(await CanAsync(_technician, _site2, "automs.view"));
    }

    [DatabaseFact]
    public async Task Stay_consistent_when_moves_and_grants_race_with_warm_caches()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));
        var tenants = new[] { _client, _site1, _site2, _other, _otherSite };
        foreach (var tenant in tenants)
        {
            await CanAsync(_technician, tenant, "automs.view");
            await CanAsync(_otherTechnician, tenant, "automs.view");
        }

        // Each operation in a scope of its own, as concurrent requests are.
        await Task.WhenAll(
            LifecycleAsync(l => l.MoveAsync(_site1.Id, _other.Id)),
            MspAsync(m => m.GrantSubtreeAsync(_otherTechnician.Id, _other.Id, ["automs.view"], expiresAt: null)),
            LifecycleAsync(l => l.MoveAsync(_otherSite.Id, _client.Id)),
            MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view", "automs.update"], expiresAt: null)),
            LifecycleAsync(l => l.MoveAsync(_site2.Id, _site1.Id)));

        // The tree is now client → other site; other → site 1 → site 2.
        var technicianIn = new[] { _client, _otherSite };
        var otherTechnicianIn = new[] { _other, _site1, _site2 };
        foreach (var tenant in tenants)
        {
            Assert.Equal(technicianIn.Contains(tenant), await CanAsync(_technician, tenant, "automs.view"));
            Assert.Equal(technicianIn.Contains(tenant), await CanAsync(_technician, tenant, "automs.update"));
            Assert.Equal(otherTechnicianIn.Contains(tenant), await CanAsync(_otherTechnician, tenant, "automs.view"));
        }
    }

    [DatabaseFact]
    public async Task List_a_subtree_grant_given_at_the_client_as_inherited_in_its_sites_and_nowhere_beside_them()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));
        await MspAsync(m => m.GrantAsync(_otherTechnician.Id, _client.Id, ["automs.view"]));
        await MspAsync(m => m.GrantAsync(_otherTechnician.Id, _site2.Id, ["automs.update"]));

        // Site 1: the client's subtree grant, named where it was given; the client-only grant does not reach it.
        var site1 = await TenantAsync(_site1, t => t.ListTechnicianAccessAsync(_site1.Id));
        Assert.Equal([(_technician.Id, (Guid?)_client.Id, "automs.view")], site1.Select(e => (e.TechnicianId, e.InheritedFrom, string.Join(",", e.Permissions))));
        Assert.False(site1[0].IsPending);

        // Site 2: the site's own grant is not inherited, beside the inherited one.
        var site2 = await TenantAsync(_site2, t => t.ListTechnicianAccessAsync(_site2.Id));
        Assert.Equal(
            new[] { (_technician.Id, (Guid?)_client.Id), (_otherTechnician.Id, (Guid?)null) }.OrderBy(e => e.Item1),
            site2.Select(e => (e.TechnicianId, e.InheritedFrom)).OrderBy(e => e.Item1));

        // The client holds both grants as its own; nothing reaches the parent or the sibling branch.
        Assert.All(await TenantAsync(_client, t => t.ListTechnicianAccessAsync(_client.Id)), e => Assert.Null(e.InheritedFrom));
        Assert.Equal(2, (await TenantAsync(_client, t => t.ListTechnicianAccessAsync(_client.Id))).Count);
        foreach (var outside in new[] { Hub.A, _other, _otherSite })
        {
            Assert.Empty(await TenantAsync(outside, t => t.ListTechnicianAccessAsync(outside.Id)));
        }
    }

    [DatabaseFact]
    public async Task Drop_the_inherited_line_from_a_sites_list_once_the_site_moves_out_of_the_branch_and_show_the_new_branchs()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));
        await MspAsync(m => m.GrantSubtreeAsync(_otherTechnician.Id, _other.Id, ["automs.view"], expiresAt: null));
        Assert.Equal([(_technician.Id, (Guid?)_client.Id)], (await TenantAsync(_site1, t => t.ListTechnicianAccessAsync(_site1.Id))).Select(e => (e.TechnicianId, e.InheritedFrom)));

        await LifecycleAsync(l => l.MoveAsync(_site1.Id, _other.Id));

        Assert.Equal([(_otherTechnician.Id, (Guid?)_other.Id)], (await TenantAsync(_site1, t => t.ListTechnicianAccessAsync(_site1.Id))).Select(e => (e.TechnicianId, e.InheritedFrom)));
        Assert.False(await CanAsync(_technician, _site1, "automs.view"));
    }

    [DatabaseFact]
    public async Task Refuse_to_revoke_an_inherited_grant_from_the_site_and_leave_it_in_force_until_the_client_revokes_it()
    {
        await MspAsync(m => m.GrantSubtreeAsync(_technician.Id, _client.Id, ["automs.view"], expiresAt: null));

        var refused = await Assert.ThrowsAsync<AccessRuleException>(() => TenantAsync(_site1, t => t.RevokeTechnicianAccessAsync(_site1.Id, _technician.Id)));

        Assert.Contains(_client.Id.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.True(await CanAsync(_technician, _site1, "automs.view"));
        Assert.True(await TenantAsync(_client, t => t.RevokeTechnicianAccessAsync(_client.Id, _technician.Id)));
        Assert.Empty(await TenantAsync(_site1, t => t.ListTechnicianAccessAsync(_site1.Id)));
        Assert.False(await CanAsync(_technician, _site1, "automs.view"));

        // With nothing left anywhere, the site's revoke says there was nothing to revoke, as before.
        Assert.False(await TenantAsync(_site1, t => t.RevokeTechnicianAccessAsync(_site1.Id, _technician.Id)));
    }

    private async Task<Tenant> CreateAsync(string slug, Tenant parent) =>
        await LifecycleAsync(l => l.CreateAsync(slug, slug, parent.Id));

    private async Task<bool> CanAsync(HubUser user, Tenant tenant, string permission)
    {
        var evaluator = Hub.Services.GetRequiredService<IPermissionEvaluator>();
        var catalog = Hub.Services.GetRequiredService<PermissionCatalog>();
        return await evaluator.HasPermissionAsync(user.Id, tenant.Id, catalog.Id(permission));
    }

    private async Task<bool> EntersAsync(HubUser user, Tenant tenant) =>
        (await Hub.Services.GetRequiredService<IPermissionEvaluator>().GetPermissionsAsync(user.Id, tenant.Id)).CanEnterTenant;

    private Task<T> MspAsync<T>(Func<IMspAccessManager, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<IMspAccessManager>()));

    private async Task MspAsync(Func<IMspAccessManager, Task> operation) => await WithAsync(async sp =>
    {
        await operation(sp.GetRequiredService<IMspAccessManager>());
        return true;
    });

    private Task<T> LifecycleAsync<T>(Func<ITenantLifecycle, Task<T>> operation) => WithAsync(sp => operation(sp.GetRequiredService<ITenantLifecycle>()));

    // Tenant-side calls act on the active tenant, as a request in that tenant would.
    private Task<T> TenantAsync<T>(Tenant tenant, Func<ITenantAccessManager, Task<T>> operation) => WithAsync(async sp =>
    {
        using (Hub.In(tenant))
        {
            return await operation(sp.GetRequiredService<ITenantAccessManager>());
        }
    });

    private async Task TenantAsync(Tenant tenant, Func<ITenantAccessManager, Task> operation) => await TenantAsync(tenant, async t =>
    {
        await operation(t);
        return true;
    });

    // Each call in a scope of its own, as each request has.
    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        using var scope = Hub.Services.CreateScope();
        return await operation(scope.ServiceProvider);
    }
}

public sealed class SqliteHierarchyAccessShould() : HierarchyAccessSuite(DatabaseProvider.Sqlite);

public sealed class InMemoryAccessHierarchyShould() : HierarchyAccessSuite(DatabaseProvider.Sqlite, inMemoryAccess: true);

[RequiresPostgres]
public sealed class PostgresHierarchyAccessShould() : HierarchyAccessSuite(DatabaseProvider.Postgres);
