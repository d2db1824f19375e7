using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <content>The <see cref="EntityFrameworkAccessStore{TContext}"/> operations on invitations (<see cref="IInvitationStore"/>).</content>
internal sealed partial class EntityFrameworkAccessStore<TContext>
{
    public async Task AddInvitationAsync(TenantInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        using var scope = StoreScope.For(invitation.TenantId);
        await RunAsync("adding an invitation", lockAdmins: false, async _ =>
        {
            if (await Invitations.AnyAsync(i => i.Id == invitation.Id, cancellationToken).ConfigureAwait(false))
            {
                throw new ConflictException("invitation", "id", invitation.Id.ToString());
            }

            await context.Set<TenantInvitation>()
                .Where(i => i.TenantId == invitation.TenantId && i.InvitedUserId == invitation.InvitedUserId && i.State == TenantInvitationState.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.State, TenantInvitationState.Revoked).SetProperty(i => i.ClosedAt, invitation.CreatedAt), cancellationToken)
                .ConfigureAwait(false);
            await SaveAsync(own => own.Add(invitation), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Invitations are found by id or by invited user whatever tenant sent them, so those reach every tenant.
    public async ValueTask<TenantInvitation?> FindInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await Invitations.FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await ListOpenInvitationsAsync(i => i.TenantId == tenantId, now, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsForUserAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await ListOpenInvitationsAsync(i => i.InvitedUserId == userId, now, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RevokeInvitationAsync(Guid tenantId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await CloseInvitationAsync(i => i.Id == invitationId && i.TenantId == tenantId, TenantInvitationState.Revoked, at, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeclineInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await CloseInvitationAsync(i => i.Id == invitationId && i.InvitedUserId == userId, TenantInvitationState.Declined, at, cancellationToken).ConfigureAwait(false);
    }

    // The conditional update is the gate: of concurrent accepts, the first to update the row wins, and the others
    // (waiting on its row lock, or on SQLite's write lock) find it no longer pending.
    public async Task<Membership?> AcceptInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await RunAsync("accepting an invitation", lockAdmins: false, async _ =>
        {
            if (!await Users.AnyAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false)
                || await Invitations.FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken).ConfigureAwait(false) is not { } offered)
            {
                return null;
            }

            // The tenant's row first, shared and while it is active: a suspension or a deletion's fence committed since the
            // caller looked is seen here, and one committing now waits until the membership is in.
            if (!await HoldActiveTenantAsync(offered.TenantId, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            // The roles it offers, the user's row, then the invitation's: the order a role's deletion (RemoveRoleAsync) and a
            // removal of the membership (which revokes the user's open invitations after locking the user) take them in, so
            // each waits for the other instead of deadlocking. The roles still defined are read again below.
            await LockRolesAsync(offered.TenantId, offered.Roles, cancellationToken).ConfigureAwait(false);
            await LockUserAsync(userId, cancellationToken).ConfigureAwait(false);
            if (!await CloseInvitationAsync(i => i.Id == invitationId && i.InvitedUserId == userId, TenantInvitationState.Accepted, at, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var invitation = await Invitations.FirstAsync(i => i.Id == invitationId, cancellationToken).ConfigureAwait(false);
            var tenantRoles = (await Roles.Where(r => r.TenantId == invitation.TenantId).Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Concat((await ListInheritedRolesAsync(invitation.TenantId, cancellationToken).ConfigureAwait(false)).Select(r => r.Name))
                .ToList();
            var membership = MembershipRules.Accepting(
                invitation, await FindMembershipAsync(userId, invitation.TenantId, cancellationToken).ConfigureAwait(false), tenantRoles);
            await UpsertAsync(membership, m => m.UserId == userId && m.TenantId == invitation.TenantId, cancellationToken).ConfigureAwait(false);
            await BumpAsync([userId], cancellationToken).ConfigureAwait(false);
            return membership;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> HoldActiveTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var select = TableSql.For(context).SelectLocked(context.Model.FindEntityType(typeof(Tenant))!, nameof(Tenant.Id), shared: true);
        var held = await context.Set<Tenant>().FromSqlRaw(select, tenantId).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return held is [{ Status: TenantStatus.Active }];
    }

    private async Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsAsync(
        Expression<Func<TenantInvitation, bool>> which, DateTimeOffset now, CancellationToken cancellationToken) =>
        await Invitations.Where(which).Where(i => i.State == TenantInvitationState.Pending && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    // Closes the invitation if it is open at `at`, in one statement, so two closings of one invitation cannot both succeed.
    private async Task<bool> CloseInvitationAsync(
        Expression<Func<TenantInvitation, bool>> which, TenantInvitationState state, DateTimeOffset at, CancellationToken cancellationToken) =>
        await context.Set<TenantInvitation>().Where(which).Where(i => i.State == TenantInvitationState.Pending && i.ExpiresAt > at)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.State, state).SetProperty(i => i.ClosedAt, at), cancellationToken).ConfigureAwait(false) == 1;
}
