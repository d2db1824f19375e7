using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Invitations;

/// <summary>Tenant invitations in memory: a tenant invites without learning anything about the id, and only the invited user joins, once.</summary>
public sealed class TenantInvitationsShould : IDisposable
{
    private static readonly Tenant Msp = Tenant.Create("msp", "The MSP") with { IsAdminTenancy = true };

    private readonly Tenant _contoso = Tenant.Create("contoso", "Contoso");
    private readonly Tenant _fabrikam = Tenant.Create("fabrikam", "Fabrikam");
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly InMemoryAccessStore _store;
    private readonly HubUser _tech = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _agent = HubUser.Create("agent");
    private readonly HubUser _other = HubUser.Create("other");

    public TenantInvitationsShould()
    {
        _services = Hub.Build(
            hub => hub
                .AddInMemoryTenantStore(Msp, _contoso, _fabrikam)
                .AddInMemoryAccessStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
                .AddDefaultTenantRole("Admin", "automs.view", "automs.create")
                .AddDefaultTenantRole("Customer", "automs.view"),
            s => s.AddSingleton<TimeProvider>(_clock));
        _scope = _services.CreateScope();
        _store = _services.GetRequiredService<InMemoryAccessStore>();
        foreach (var user in new[] { _tech, _agent, _other })
        {
            _store.AddUserAsync(user).GetAwaiter().GetResult();
        }

        foreach (var tenant in new[] { _contoso, _fabrikam })
        {
            TenantAccess.SeedDefaultRolesAsync(tenant.Id).GetAwaiter().GetResult();
        }

        // The agent is Contoso's user, Contoso being their primary tenant.
        _store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = _contoso.Id, Roles = ["Admin"], IsPrimary = true }).GetAwaiter().GetResult();
    }

    private ITenantInvitations Invitations => _scope.ServiceProvider.GetRequiredService<ITenantInvitations>();

    private ITenantAccessManager TenantAccess => _scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();

    private ITenancy Tenancy => _services.GetRequiredService<ITenancy>();

    private async Task<bool> CanView(HubUser user, Tenant tenant) =>
        await _services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(
            user.Id, tenant.Id, _services.GetRequiredService<PermissionCatalog>().Id("automs.view"));

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    // As Fabrikam's admin would: with Fabrikam active.
    private async Task<TenantInvitation> InviteAsync(Guid userId, params string[] roles)
    {
        using (Tenancy.BeginScope(_fabrikam))
        {
            return await Invitations.InviteAsync(_fabrikam.Id, userId, roles);
        }
    }

    // The snippet of docs/access-control.md ("Inviting users of other tenants"), as written there: the page names
    // each result's type for the reader, so var is not wanted here.
#pragma warning disable IDE0007
    [Fact]
    public async Task Work_as_the_access_control_page_shows()
    {
        using var scope = _services.CreateScope();
        var (contoso, userId, adminId, cancellationToken) = (_contoso, _other.Id, _agent.Id, CancellationToken.None);
        using var active = Tenancy.BeginScope(contoso);

        // docs: access-control.md#inviting-users-of-other-tenants
        // Tenant side: Contoso's admin, in a request with Contoso active, behind a permission such as users.update.
        var invitations = scope.ServiceProvider.GetRequiredService<ITenantInvitations>();
        TenantInvitation invitation = await invitations.InviteAsync(contoso.Id, userId, ["Customer"], invitedBy: adminId, cancellationToken);
        IReadOnlyList<TenantInvitation> pending = await invitations.ListPendingAsync(contoso.Id, cancellationToken); // open ones, newest first
        // await invitations.RevokeAsync(contoso.Id, invitation.Id, cancellationToken) withdraws it.

        // User side: the signed-in user, whatever tenant is active.
        foreach (ReceivedInvitation received in await invitations.ListReceivedAsync(userId, cancellationToken))
        {
            Console.WriteLine($"{received.Tenant.Name} invites you as {string.Join(", ", received.Invitation.Roles)} until {received.Invitation.ExpiresAt:u}");
        }

        Membership membership = await invitations.AcceptAsync(userId, invitation.Id, cancellationToken); // or DeclineAsync
        // end docs

        Assert.Equal([invitation], pending);
        Assert.Equal((contoso.Id, "Customer", adminId), (membership.TenantId, string.Join(",", membership.Roles), invitation.InvitedBy));
    }
#pragma warning restore IDE0007

    // Invited, then added by the MSP, then removed by the tenant: the invitation still open must not let them back in.
    [Fact]
    public async Task Withdraw_a_removed_members_open_invitation_to_the_same_tenant()
    {
        var invitation = await InviteAsync(_agent.Id, "Customer");
        await _store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = _fabrikam.Id, Roles = ["Customer"] });

        Assert.True(await _store.RemoveMembershipAsync(_agent.Id, _fabrikam.Id));

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_agent.Id, invitation.Id));
        Assert.Equal(TenantInvitationState.Revoked, (await _store.FindInvitationAsync(invitation.Id))!.State);
        Assert.False(await CanView(_agent, _fabrikam));
    }

    [Fact]
    public async Task Let_another_tenants_user_join_only_by_accepting_and_keep_their_primary_tenant()
    {
        using (Tenancy.BeginScope(_fabrikam))
        {
            await Assert.ThrowsAsync<AccessRuleException>(() => TenantAccess.SetMemberAsync(_fabrikam.Id, _agent.Id, ["Customer"]));
        }

        var invitation = await InviteAsync(_agent.Id, "Customer");
        Assert.False(await CanView(_agent, _fabrikam));
        var received = Assert.Single(await Invitations.ListReceivedAsync(_agent.Id));
        Assert.Equal((invitation, _fabrikam.Id), (received.Invitation, received.Tenant.Id));

        var membership = await Invitations.AcceptAsync(_agent.Id, invitation.Id);

        Assert.Equal(["Customer"], membership.Roles);
        Assert.False(membership.IsPrimary);
        Assert.True(await CanView(_agent, _fabrikam));
        Assert.True((await _store.FindMembershipAsync(_agent.Id, _contoso.Id))!.IsPrimary);
        Assert.Equal(TenantInvitationState.Accepted, (await _store.FindInvitationAsync(invitation.Id))!.State);
        Assert.Empty(await Invitations.ListReceivedAsync(_agent.Id));
    }

    [Fact]
    public async Task Invite_unknown_ids_MSP_staff_shadow_holders_and_other_tenants_users_alike()
    {
        var shadowOnly = HubUser.Create("shadow-only");
        await _store.AddUserAsync(shadowOnly);
        await _store.SaveMembershipAsync(new Membership { UserId = shadowOnly.Id, TenantId = _fabrikam.Id, IsShadow = true });

        var ids = new[] { Guid.CreateVersion7(), _tech.Id, shadowOnly.Id, _agent.Id };
        var invitations = new List<TenantInvitation>();
        foreach (var id in ids)
        {
            invitations.Add(await InviteAsync(id, "Customer"));
        }

        // Nothing in the answers or the tenant's list tells the ids apart.
        Assert.All(invitations, i => Assert.Equal((TenantInvitationState.Pending, "Customer", i.CreatedAt + TimeSpan.FromDays(7)), (i.State, string.Join(",", i.Roles), i.ExpiresAt)));
        using (Tenancy.BeginScope(_fabrikam))
        {
            Assert.Equal(ids.Order(), (await Invitations.ListPendingAsync(_fabrikam.Id)).Select(i => i.InvitedUserId).Order());
        }

        // Only the real tenant user can take theirs up; staff cannot, and see none.
        var staff = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_tech.Id, invitations[1].Id));
        Assert.Empty(await Invitations.ListReceivedAsync(_tech.Id));
        Assert.Null(await _store.FindMembershipAsync(_tech.Id, _fabrikam.Id));
        Assert.Equal(new InvitationNotAvailableException(invitations[1].Id).Message, staff.Message);
        await Invitations.AcceptAsync(_agent.Id, invitations[3].Id);
    }

    [Fact]
    public async Task Refuse_someone_elses_invitation_exactly_as_an_unknown_one_and_leave_it_open()
    {
        var invitation = await InviteAsync(_agent.Id, "Customer");

        var foreign = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_other.Id, invitation.Id));
        var unknown = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_other.Id, Guid.CreateVersion7()));
        var declined = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.DeclineAsync(_other.Id, invitation.Id));

        Assert.Equal(unknown.Message, foreign.Message);
        Assert.Equal(unknown.Message, declined.Message);
        Assert.Null(await _store.FindMembershipAsync(_other.Id, _fabrikam.Id));
        Assert.True((await _store.FindInvitationAsync(invitation.Id))!.IsOpenAt(_clock.GetUtcNow()));
    }

    [Fact]
    public async Task Accept_an_invitation_once_only()
    {
        var invitation = await InviteAsync(_agent.Id, "Customer");
        await Invitations.AcceptAsync(_agent.Id, invitation.Id);

        var again = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_agent.Id, invitation.Id));
        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.DeclineAsync(_agent.Id, invitation.Id));

        Assert.Equal(new InvitationNotAvailableException(invitation.Id).Message, again.Message);
        Assert.Equal(TenantInvitationState.Accepted, (await _store.FindInvitationAsync(invitation.Id))!.State);
    }

    [Fact]
    public async Task Refuse_an_invitation_once_it_has_expired()
    {
        var invitation = await InviteAsync(_agent.Id, "Customer");
        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.Single(await Invitations.ListReceivedAsync(_agent.Id));

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(await Invitations.ListReceivedAsync(_agent.Id));
        using (Tenancy.BeginScope(_fabrikam))
        {
            Assert.Empty(await Invitations.ListPendingAsync(_fabrikam.Id));
        }

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_agent.Id, invitation.Id));
        Assert.Null(await _store.FindMembershipAsync(_agent.Id, _fabrikam.Id));
    }

    [Fact]
    public async Task Expire_invitations_after_the_configured_lifetime()
    {
        using var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore(_fabrikam).AddInMemoryAccessStore().Configure(o => o.InvitationLifetime = TimeSpan.FromHours(2)),
            s => s.AddSingleton<TimeProvider>(_clock));
        using var scope = services.CreateScope();

        var invitation = await scope.ServiceProvider.GetRequiredService<ITenantInvitations>().InviteAsync(_fabrikam.Id, _agent.Id, []);

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(2), invitation.ExpiresAt);
    }

    [Fact]
    public async Task Refuse_a_revoked_or_declined_invitation_and_revoke_only_the_tenants_own()
    {
        var revoked = await InviteAsync(_agent.Id, "Customer");
        Assert.False(await Invitations.RevokeAsync(_contoso.Id, revoked.Id));
        using (Tenancy.BeginScope(_fabrikam))
        {
            Assert.True(await Invitations.RevokeAsync(_fabrikam.Id, revoked.Id));
            Assert.False(await Invitations.RevokeAsync(_fabrikam.Id, revoked.Id));
        }

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_agent.Id, revoked.Id));

        var declined = await InviteAsync(_agent.Id, "Customer");
        await Invitations.DeclineAsync(_agent.Id, declined.Id);
        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_agent.Id, declined.Id));
        Assert.Equal(TenantInvitationState.Declined, (await _store.FindInvitationAsync(declined.Id))!.State);
        Assert.Null(await _store.FindMembershipAsync(_agent.Id, _fabrikam.Id));
    }

    [Fact]
    public async Task Replace_an_open_invitation_of_the_same_user_with_a_newer_one()
    {
        var first = await InviteAsync(_agent.Id, "Customer");
        var second = await InviteAsync(_agent.Id, "Admin");

        Assert.Equal([second.Id], (await Invitations.ListReceivedAsync(_agent.Id)).Select(r => r.Invitation.Id));
        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_agent.Id, first.Id));
        Assert.Equal(["Admin"], (await Invitations.AcceptAsync(_agent.Id, second.Id)).Roles);
    }

    [Fact]
    public async Task Refuse_accepting_into_a_suspended_or_deleted_tenant()
    {
        var tenants = _services.GetRequiredService<ITenantStore>();
        var suspended = await InviteAsync(_agent.Id, "Customer");
        await tenants.UpdateAsync(_fabrikam.Id, t => t with { Status = TenantStatus.Suspended });

        Assert.Empty(await Invitations.ListReceivedAsync(_agent.Id));
        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_agent.Id, suspended.Id));

        using (Tenancy.BeginScope(_contoso))
        {
            await Invitations.InviteAsync(_contoso.Id, _other.Id, ["Customer"]);
        }

        var deleted = Assert.Single(await _store.ListOpenInvitationsForUserAsync(_other.Id, _clock.GetUtcNow()));
        await tenants.RemoveAsync(_contoso.Id);
        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_other.Id, deleted.Id));
        Assert.Empty(await _store.ListTenantIdsAsync(_other.Id));
    }

    [Fact]
    public async Task Refuse_an_inactive_user()
    {
        var invitation = await InviteAsync(_other.Id, "Customer");
        await _scope.ServiceProvider.GetRequiredService<IMspAccessManager>().SetActiveAsync(_other.Id, false);

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Invitations.AcceptAsync(_other.Id, invitation.Id));
        Assert.Empty(await _store.ListTenantIdsAsync(_other.Id));
    }

    [Fact]
    public async Task Refuse_roles_the_inviting_tenant_does_not_have_even_if_another_tenant_does()
    {
        using (Tenancy.BeginScope(_contoso))
        {
            await TenantAccess.SaveRoleAsync(new TenantRole { TenantId = _contoso.Id, Name = "Auditor", Permissions = ["automs.view"] });
        }

        var error = await Assert.ThrowsAsync<AccessRuleException>(() => InviteAsync(_other.Id, "Auditor"));

        Assert.Contains("'Auditor'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListOpenInvitationsAsync(_fabrikam.Id, _clock.GetUtcNow()));
    }

    [Fact]
    public async Task Refuse_tenant_side_invitation_calls_for_a_tenant_other_than_the_active_one()
    {
        var invitation = await InviteAsync(_other.Id, "Customer");
        using (Tenancy.BeginScope(_contoso))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => Invitations.InviteAsync(_fabrikam.Id, _agent.Id, ["Customer"]));
            await Assert.ThrowsAsync<TenantIsolationException>(() => Invitations.ListPendingAsync(_fabrikam.Id));
            await Assert.ThrowsAsync<TenantIsolationException>(() => Invitations.RevokeAsync(_fabrikam.Id, invitation.Id));
        }

        Assert.Equal([invitation.Id], (await _store.ListOpenInvitationsAsync(_fabrikam.Id, _clock.GetUtcNow())).Select(i => i.Id));
    }

    [Fact]
    public async Task Give_the_offered_roles_the_tenant_still_has_on_top_of_those_held()
    {
        await _store.SaveMembershipAsync(new Membership { UserId = _other.Id, TenantId = _fabrikam.Id, Roles = ["Customer"] });
        using (Tenancy.BeginScope(_fabrikam))
        {
            await TenantAccess.SaveRoleAsync(new TenantRole { TenantId = _fabrikam.Id, Name = "Auditor", Permissions = ["automs.view"] });
        }

        var invitation = await InviteAsync(_other.Id, "admin", "Auditor");
        using (Tenancy.BeginScope(_fabrikam))
        {
            await TenantAccess.DeleteRoleAsync(_fabrikam.Id, "Auditor");
        }

        var membership = await Invitations.AcceptAsync(_other.Id, invitation.Id);

        Assert.Equal(["Customer", "Admin"], membership.Roles);
        Assert.Equal(membership, await _store.FindMembershipAsync(_other.Id, _fabrikam.Id));
    }
}
