using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Lifecycle;

/// <summary>
/// On PostgreSQL, deleting or suspending a tenant against the access changes that reach into it at the same moment: an
/// invitation elsewhere accepted by one of its members, a consent request approved there, an invitation to it accepted.
/// Each test holds one side at a set point and runs the other meanwhile; neither may deadlock (40P01, a 500 at the HTTP
/// edge), and the outcome must be one the two could have had one after the other.
/// </summary>
public sealed class PostgresTenantDeletionRaceShould : IAsyncLifetime
{
    private readonly HubUser _member = HubUser.Create("member");
    private TestHub _hub = null!;
    private Tenant _doomed = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(
            DatabaseProvider.Postgres,
            configure: hub => hub.AddPermissions(p => p.Resource("access").Action("consent", sensitive: true)),
            database: o => o.AddInterceptors(CommandPause.Interceptor));
        await using var scope = _hub.Services.CreateAsyncScope();
        _doomed = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed");

        // The member belongs to the doomed tenant only, as its administrator.
        var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await store.AddUserAsync(_member);
        await store.SaveRoleAsync(new TenantRole { TenantId = _doomed.Id, Name = "Admin", Permissions = [TechnicianConsent.Permission] });
        await store.SaveMembershipAsync(new Membership { UserId = _member.Id, TenantId = _doomed.Id, Roles = ["Admin"], IsPrimary = true });
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    // The accept into B holds the member's row, about to close the invitation. The deletion read the member as belonging
    // to the doomed tenant only, deleted the invitation, and waited for the member's row to delete it: a deadlock, or,
    // had the accept committed first, its new membership deleted with the user.
    [PostgresFact]
    public async Task Keep_a_member_who_accepts_an_invitation_elsewhere_while_their_only_tenant_is_deleted()
    {
        var invitation = await InvitationsAsync(i => i.InviteAsync(_hub.B.Id, _member.Id, []));
        var held = new CommandPause(sql => sql.Contains("UPDATE msphub.tenant_invitations", StringComparison.Ordinal));
        var accept = Task.Run(async () =>
        {
            held.Arm();
            return await InvitationsAsync(i => i.AcceptAsync(_member.Id, invitation.Id));
        });
        await held.WaitUntilReachedAsync();

        var deletion = Task.Run(() => LifecycleAsync(l => l.DeleteAsync(_doomed.Id, _doomed.Slug)));
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, deletion);
        held.Release.SetResult();
        var accepted = await RaceOutcome.OfAsync(accept);
        var deleted = await RaceOutcome.OfAsync(deletion);

        Assert.True(
            accepted is null && deleted is null,
            $"the deletion {(waited ? "waited for" : "ran past")} the accept; the accept ended in {RaceOutcome.Describe(accepted)}, the deletion in {RaceOutcome.Describe(deleted)}");
        Assert.Equal([_member.Id], (await deletion).UsersMoved);
        Assert.NotNull(await StoreAsync(s => s.FindUserAsync(_member.Id).AsTask()));
        Assert.True((await StoreAsync(s => s.FindMembershipAsync(_member.Id, _hub.B.Id).AsTask()))!.IsPrimary);
    }

    // The approval of a wider grant closed the request and is about to write the technician's row, then the grant. The
    // deletion deleted the grant, then waited for the request: each held the row the other needed next.
    [PostgresFact]
    public async Task Let_a_consent_approval_and_the_deletion_of_its_tenant_wait_for_each_other_rather_than_deadlock()
    {
        var technician = HubUser.Create("tech", SystemRole.Technician);
        await StoreAsync(async s =>
        {
            await s.AddUserAsync(technician);
            await s.SaveGrantAsync(new TechnicianGrant { UserId = technician.Id, TenantId = _doomed.Id, Permissions = ["automs.view"] });
            return true;
        });
        await using (var scope = _hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantSettings>().SetAsync(_doomed.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
        }

        TechnicianGrantRequest pending;
        await using (var scope = _hub.Services.CreateAsyncScope())
        {
            pending = (await scope.ServiceProvider.GetRequiredService<IMspAccessManager>()
                .GrantAsync(technician.Id, _doomed.Id, ["automs.view", "automs.update"], expiresAt: null))!;
        }

        var held = new CommandPause(sql => sql.Contains("UPDATE msphub.users", StringComparison.Ordinal));
        var approval = Task.Run(async () =>
        {
            held.Arm();
            await using var scope = _hub.Services.CreateAsyncScope();
            using (_hub.In(_doomed))
            {
                return await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().ApproveTechnicianAccessAsync(_doomed.Id, pending.Id, _member.Id);
            }
        });
        await held.WaitUntilReachedAsync();

        var deletion = Task.Run(() => LifecycleAsync(l => l.DeleteAsync(_doomed.Id, _doomed.Slug)));
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, deletion);
        held.Release.SetResult();
        var approved = await RaceOutcome.OfAsync(approval);
        var deleted = await RaceOutcome.OfAsync(deletion);

        Assert.True(
            approved is null && deleted is null,
            $"the deletion {(waited ? "waited for" : "ran past")} the approval; the approval ended in {RaceOutcome.Describe(approved)}, the deletion in {RaceOutcome.Describe(deleted)}");
        Assert.Null(await StoreAsync(s => s.FindGrantAsync(technician.Id, _doomed.Id).AsTask()));
    }

    // Saving the member's membership holds the tenant's roles, about to write the member's row. The deletion held the
    // member's row first, then waited to delete the roles: each held the row the other needed next.
    [PostgresFact]
    public async Task Let_a_membership_change_and_the_deletion_of_its_tenant_wait_for_each_other_rather_than_deadlock()
    {
        var held = new CommandPause(sql => sql.Contains("UPDATE msphub.users", StringComparison.Ordinal));
        var change = Task.Run(async () =>
        {
            held.Arm();
            return await StoreAsync(async s =>
            {
                await s.SaveMembershipAsync(new Membership { UserId = _member.Id, TenantId = _doomed.Id, Roles = ["Admin"], IsPrimary = true });
                return true;
            });
        });
        await held.WaitUntilReachedAsync();

        var deletion = Task.Run(() => LifecycleAsync(l => l.DeleteAsync(_doomed.Id, _doomed.Slug)));
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, deletion);
        held.Release.SetResult();
        var changed = await RaceOutcome.OfAsync(change);
        var deleted = await RaceOutcome.OfAsync(deletion);

        Assert.True(
            changed is null && deleted is null,
            $"the deletion {(waited ? "waited for" : "ran past")} the membership change; the change ended in {RaceOutcome.Describe(changed)}, the deletion in {RaceOutcome.Describe(deleted)}");
        Assert.Null(await StoreAsync(s => s.FindUserAsync(_member.Id).AsTask()));
    }

    // The accept found B active and is about to begin its transaction; B is suspended meanwhile. Accepting then gave a
    // membership in a tenant that had just been suspended.
    [PostgresFact]
    public async Task Refuse_an_invitation_accepted_while_its_tenant_was_being_suspended()
    {
        var invitation = await InvitationsAsync(i => i.InviteAsync(_hub.B.Id, _member.Id, []));
        var held = new CommandPause(sql => sql.Contains("EXISTS", StringComparison.Ordinal) && sql.Contains("msphub.users", StringComparison.Ordinal));
        var accept = Task.Run(async () =>
        {
            held.Arm();
            return await InvitationsAsync(i => i.AcceptAsync(_member.Id, invitation.Id));
        });
        await held.WaitUntilReachedAsync();

        await LifecycleAsync(l => l.SuspendAsync(_hub.B.Id)).WaitAsync(TimeSpan.FromSeconds(30));
        held.Release.SetResult();

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => accept.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Null(await StoreAsync(s => s.FindMembershipAsync(_member.Id, _hub.B.Id).AsTask()));
        Assert.Equal(TenantInvitationState.Pending, (await StoreAsync(s => s.FindInvitationAsync(invitation.Id).AsTask()))!.State);
    }

    private async Task<T> InvitationsAsync<T>(Func<ITenantInvitations, Task<T>> operation)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<ITenantInvitations>());
    }

    private async Task<T> LifecycleAsync<T>(Func<ITenantLifecycle, Task<T>> operation)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<ITenantLifecycle>());
    }

    private async Task<T> StoreAsync<T>(Func<IAccessStore, Task<T>> operation)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<IAccessStore>());
    }
}
