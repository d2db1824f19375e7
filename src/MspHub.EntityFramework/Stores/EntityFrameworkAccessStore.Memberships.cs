using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <content>The <see cref="EntityFrameworkAccessStore{TContext}"/> operations on memberships (<see cref="IMembershipStore"/>).</content>
internal sealed partial class EntityFrameworkAccessStore<TContext>
{
    public async ValueTask<Membership?> FindMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Memberships.FirstOrDefaultAsync(m => m.UserId == userId && m.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantMember>> ListMembersAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return (await Memberships.Where(m => m.TenantId == tenantId)
            .Join(Users, m => m.UserId, u => u.Id, (m, u) => new { Membership = m, User = u })
            .OrderBy(m => m.User.UserName)
            .ToListAsync(cancellationToken).ConfigureAwait(false))
            .ConvertAll(m => new TenantMember(m.User, m.Membership));
    }

    public async Task SaveMembershipAsync(Membership membership, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(membership);
        using var scope = StoreScope.AllTenants();
        await RunAsync("saving a membership", lockAdmins: false, async _ =>
        {
            if (!await Users.AnyAsync(u => u.Id == membership.UserId, cancellationToken).ConfigureAwait(false))
            {
                throw new KeyNotFoundException($"No user has id {membership.UserId}.");
            }

            // The roles it gives before the user's row (RemoveRoleAsync says why): a role deleted meanwhile is refused.
            var defined = await LockRolesAsync(membership.TenantId, membership.Roles, cancellationToken).ConfigureAwait(false);
            if (membership.Roles.FirstOrDefault(r => !defined.Contains(r)) is { } missing)
            {
                throw new AccessRuleException($"The tenant has no role '{missing}'; create it first.");
            }

            await LockUserAsync(membership.UserId, cancellationToken).ConfigureAwait(false);
            if (membership.IsPrimary)
            {
                await context.Set<Membership>().Where(m => m.UserId == membership.UserId && m.TenantId != membership.TenantId && m.IsPrimary)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.IsPrimary, false), cancellationToken).ConfigureAwait(false);
            }

            await UpsertAsync(membership, m => m.UserId == membership.UserId && m.TenantId == membership.TenantId, cancellationToken).ConfigureAwait(false);
            await BumpAsync([membership.UserId], cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Open invitations of the tenant to the person go with the membership: accepting one would undo the removal.
    public async Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await RunAsync("removing a membership", lockAdmins: false, async _ =>
        {
            await LockUserAsync(userId, cancellationToken).ConfigureAwait(false);
            if (await context.Set<Membership>().Where(m => m.UserId == userId && m.TenantId == tenantId)
                    .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }

            var at = time.GetUtcNow();
            await context.Set<TenantInvitation>().Where(i => i.TenantId == tenantId && i.InvitedUserId == userId && i.State == TenantInvitationState.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.State, TenantInvitationState.Revoked).SetProperty(i => i.ClosedAt, at), cancellationToken)
                .ConfigureAwait(false);
            await BumpAsync([userId], cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid adminTenancyId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        return await RunAsync("adding shadow memberships", lockAdmins: false, async _ =>
        {
            var staff = await Memberships
                .Where(m => m.TenantId == adminTenancyId && !m.IsShadow)
                .Join(Users.Where(u => u.IsActive), m => m.UserId, u => u.Id, (m, u) => u.Id)
                .Where(id => !Memberships.Any(existing => existing.UserId == id && existing.TenantId == tenantId))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(own => own.AddRange(staff.Select(id => new Membership { UserId = id, TenantId = tenantId, IsShadow = true })), cancellationToken).ConfigureAwait(false);
            await BumpAsync(staff, cancellationToken).ConfigureAwait(false);
            return staff;
        }, cancellationToken).ConfigureAwait(false);
    }
}
