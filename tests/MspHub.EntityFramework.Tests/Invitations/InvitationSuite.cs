using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Invitations;

/// <summary>Tenant invitations over the EF Core access store on a real database: stored, listed, accepted once, and gone with their tenant.</summary>
public abstract class InvitationSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly HubUser _agent = HubUser.Create("agent");
    private TestHub _hub = null!;

    private TestHub Hub => _hub;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.Services.AddSingleton<TimeProvider>(_clock));
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            await store.AddUserAsync(_agent);
            foreach (var tenant in new[] { Hub.A, Hub.B })
            {
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Admin", Permissions = ["automs.view", "automs.create"] });
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Customer", Permissions = ["automs.view"] });
            }

            await store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.A.Id, Roles = ["Admin"], IsPrimary = true });

            return true;
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    // Each call in a scope of its own, as each request has.
    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        using var scope = Hub.Services.CreateScope();
        return await operation(scope.ServiceProvider);
    }

    private Task<TenantInvitation> InviteAsync(Tenant tenant, Guid userId, params string[] roles) =>
        WithAsync(async sp =>
        {
            using (Hub.In(tenant))
            {
                return await sp.GetRequiredService<ITenantInvitations>().InviteAsync(tenant.Id, userId, roles, invitedBy: Guid.CreateVersion7());
            }
        });

    [DatabaseFact]
    public async Task Round_trip_an_invitation_and_list_only_open_ones()
    {
        var invitation = await InviteAsync(Hub.B, _agent.Id, "Customer", "Admin");
        var stale = await InviteAsync(Hub.A, _agent.Id, "Customer");

        var found = await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindInvitationAsync(invitation.Id));
        Assert.Equal(invitation with { Roles = found!.Roles }, found);
        Assert.Equal(["Customer", "Admin"], found.Roles);

        await WithAsync(sp => sp.GetRequiredService<IAccessStore>().RevokeInvitationAsync(Hub.A.Id, stale.Id, _clock.GetUtcNow()));
        var received = await WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().ListReceivedAsync(_agent.Id));
        Assert.Equal([(invitation.Id, Hub.B.Slug)], received.Select(r => (r.Invitation.Id, r.Tenant.Slug)));
        Assert.Equal(
            [invitation.Id],
            (await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListOpenInvitationsAsync(Hub.B.Id, _clock.GetUtcNow()))).Select(i => i.Id));

        _clock.Advance(TimeSpan.FromDays(7));
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListOpenInvitationsAsync(Hub.B.Id, _clock.GetUtcNow())));
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().ListReceivedAsync(_agent.Id)));
    }

    [DatabaseFact]
    public async Task Accept_once_with_the_roles_the_tenant_still_has_and_keep_the_primary_tenant()
    {
        var invitation = await InviteAsync(Hub.B, _agent.Id, "Customer", "Admin");
        await WithAsync(sp => sp.GetRequiredService<IAccessStore>().RemoveRoleAsync(Hub.B.Id, "Admin"));
        var version = (await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindUserAsync(_agent.Id)))!.AccessVersion;

        var membership = await WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(_agent.Id, invitation.Id));

        Assert.Equal(["Customer"], membership.Roles);
        Assert.False(membership.IsPrimary);
        var (stored, primary, user, closed) = await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            return (await store.FindMembershipAsync(_agent.Id, Hub.B.Id), await store.FindMembershipAsync(_agent.Id, Hub.A.Id),
                await store.FindUserAsync(_agent.Id), await store.FindInvitationAsync(invitation.Id));
        });
        Assert.Equal(["Customer"], stored!.Roles);
        Assert.True(primary!.IsPrimary);
        Assert.True(user!.AccessVersion > version);
        Assert.Equal((TenantInvitationState.Accepted, _clock.GetUtcNow()), (closed!.State, closed.ClosedAt));
        Assert.True(await WithAsync(async sp => await sp.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(
            _agent.Id, Hub.B.Id, sp.GetRequiredService<PermissionCatalog>().Id("automs.view"))));

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(_agent.Id, invitation.Id)));
    }

    // Invited, then added by the MSP, then removed by the tenant: the invitation still open must not let them back in.
    [DatabaseFact]
    public async Task Withdraw_a_removed_members_open_invitation_to_the_same_tenant()
    {
        var invitation = await InviteAsync(Hub.B, _agent.Id, "Customer");
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            await store.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = Hub.B.Id, Roles = ["Customer"] });
            return await store.RemoveMembershipAsync(_agent.Id, Hub.B.Id);
        });

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(_agent.Id, invitation.Id)));

        Assert.Equal(TenantInvitationState.Revoked, (await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindInvitationAsync(invitation.Id)))!.State);
        Assert.Null(await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindMembershipAsync(_agent.Id, Hub.B.Id)));
    }

    // A role deleted and another created under its name (a rename, say) is another role: the invitation offered the first.
    [DatabaseFact]
    public async Task Stop_offering_a_deleted_role_even_when_a_role_of_that_name_is_made_again()
    {
        var invitation = await InviteAsync(Hub.B, _agent.Id, "Customer", "Admin");
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            await store.RemoveRoleAsync(Hub.B.Id, "Customer");
            await store.SaveRoleAsync(new TenantRole { TenantId = Hub.B.Id, Name = "Customer", Permissions = ["automs.view", "automs.delete"] });
            return true;
        });

        Assert.Equal(["Admin"], (await WithAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindInvitationAsync(invitation.Id)))!.Roles);
        var membership = await WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(_agent.Id, invitation.Id));

        Assert.Equal(["Admin"], membership.Roles);
        Assert.False(await WithAsync(async sp => await sp.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(
            _agent.Id, Hub.B.Id, sp.GetRequiredService<PermissionCatalog>().Id("automs.delete"))));
    }

    [DatabaseFact]
    public async Task Refuse_someone_elses_an_expired_and_a_revoked_invitation_alike()
    {
        var other = HubUser.Create("other");
        await WithAsync(async sp => { await sp.GetRequiredService<IAccessStore>().AddUserAsync(other); return true; });
        var invitation = await InviteAsync(Hub.B, _agent.Id, "Customer");
        var revoked = await InviteAsync(Hub.B, other.Id, "Customer");
        await WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().RevokeAsync(Hub.B.Id, revoked.Id));

        Task<Membership> Accept(Guid userId, Guid invitationId) => WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(userId, invitationId));
        var foreign = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Accept(other.Id, invitation.Id));
        var withdrawn = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Accept(other.Id, revoked.Id));
        _clock.Advance(TimeSpan.FromDays(7));
        var expired = await Assert.ThrowsAsync<InvitationNotAvailableException>(() => Accept(_agent.Id, invitation.Id));

        Assert.Equal([foreign.Message], new[] { withdrawn.Message, expired.Message }.Distinct());
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListTenantIdsAsync(other.Id)));
        Assert.Equal([Hub.A.Id], await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListTenantIdsAsync(_agent.Id)));
    }

    [DatabaseFact]
    public async Task Give_exactly_one_membership_and_one_success_to_concurrent_accepts()
    {
        var invitation = await InviteAsync(Hub.B, _agent.Id, "Customer");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(_agent.Id, invitation.Id));
                return true;
            }
            catch (InvitationNotAvailableException)
            {
                return false;
            }
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(accepted => accepted));
        var members = await WithAsync(sp => sp.GetRequiredService<IAccessStore>().ListMembersAsync(Hub.B.Id));
        Assert.Equal([_agent.Id], members.Select(m => m.User.Id));
    }

    [DatabaseFact]
    public async Task Delete_a_tenants_invitations_with_it_and_count_them()
    {
        var doomed = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        var onlyThere = HubUser.Create("only-there");
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            await store.AddUserAsync(onlyThere);
            await store.SaveMembershipAsync(new Membership { UserId = onlyThere.Id, TenantId = doomed.Id, IsPrimary = true });
            return true;
        });
        var fromDoomed = await InviteAsync(doomed, _agent.Id);
        await InviteAsync(doomed, Guid.CreateVersion7());
        var toDeletedUser = await InviteAsync(Hub.B, onlyThere.Id);
        var kept = await InviteAsync(Hub.B, _agent.Id);

        var report = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, "doomed"));

        Assert.Equal(3, report.RowsDeleted.Single(r => r.Key.EndsWith("tenant_invitations", StringComparison.Ordinal)).Value);
        Assert.Equal([onlyThere.Id], report.UsersDeleted);
        var left = await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            var found = new List<Guid?>();
            foreach (var id in new[] { fromDoomed.Id, toDeletedUser.Id, kept.Id })
            {
                found.Add((await store.FindInvitationAsync(id))?.Id);
            }

            return found;
        });
        Assert.Equal([null, null, kept.Id], left);
        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => WithAsync(sp => sp.GetRequiredService<ITenantInvitations>().AcceptAsync(_agent.Id, fromDoomed.Id)));
    }
}

public sealed class SqliteInvitationsShould() : InvitationSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresInvitationsShould() : InvitationSuite(DatabaseProvider.Postgres);
