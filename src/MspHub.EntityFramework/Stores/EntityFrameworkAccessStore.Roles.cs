using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <content>The <see cref="EntityFrameworkAccessStore{TContext}"/> operations on tenant roles (<see cref="ITenantRoleStore"/>).</content>
internal sealed partial class EntityFrameworkAccessStore<TContext>
{
    public async Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Roles.Where(r => r.TenantId == tenantId).OrderBy(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantRole>> ListInheritedRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.AllTenants();
        var ancestry = await TenantLineage.InheritsAccessFromAsync(context, tenantId, cancellationToken).ConfigureAwait(false);
        if (ancestry.Length == 0)
        {
            return [];
        }

        List<Guid> chain = [tenantId, .. ancestry];
        var roles = await Roles.Where(r => chain.Contains(r.TenantId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return TenantChainAccess.Inherited(chain, roles);
    }

    public async Task SaveRoleAsync(TenantRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        var normalized = AccessColumns.Normalize(role.Name);
        using var scope = StoreScope.For(role.TenantId);
        await RunAsync("saving a tenant role", lockAdmins: false, async _ =>
        {
            await context.Set<TenantRole>().Where(r => r.TenantId == role.TenantId && EF.Property<string>(r, AccessColumns.NormalizedName) == normalized)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(own => own.Add(role), cancellationToken).ConfigureAwait(false);
            await CacheNotifications.SendAsync(context.Database, [CacheChange.OfTenant(role.TenantId)], cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    // The role's row first, then its holders' user rows in id order, then their memberships: the order a membership save
    // takes them in (LockRolesAsync), so the two wait for each other. Each holder's roles are read again once their user
    // row is held and only that column is written, so a change another admin committed meanwhile is kept, not overwritten.
    public async Task<bool> RemoveRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = AccessColumns.Normalize(name);
        using var scope = StoreScope.For(tenantId);
        return await RunAsync("removing a tenant role", lockAdmins: false, async _ =>
        {
            var removed = await context.Set<TenantRole>().Where(r => r.TenantId == tenantId && EF.Property<string>(r, AccessColumns.NormalizedName) == normalized)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
            var inheritors = removed ? await InheritorsAsync(tenantId, normalized, cancellationToken).ConfigureAwait(false) : [];
            using var branch = inheritors.Count == 0 ? null : StoreScope.AllTenants();
            var holderIds = (await HoldersAsync(tenantId, inheritors, name, cancellationToken).ConfigureAwait(false)).Select(m => m.UserId).Distinct().Order().ToList();
            foreach (var userId in holderIds)
            {
                await LockUserAsync(userId, cancellationToken).ConfigureAwait(false);
            }

            foreach (var holder in await HoldersAsync(tenantId, inheritors, name, cancellationToken).ConfigureAwait(false))
            {
                var roles = MembershipRules.WithoutRole(holder.Roles, name);
                await context.Set<Membership>().Where(m => m.UserId == holder.UserId && m.TenantId == holder.TenantId)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.Roles, roles), cancellationToken).ConfigureAwait(false);
            }

            // Open invitations stop offering it, so a later role given the same name is never handed out by an old invitation.
            var offering = (await Invitations.Where(i => (i.TenantId == tenantId || inheritors.Contains(i.TenantId)) && i.State == TenantInvitationState.Pending)
                    .ToListAsync(cancellationToken).ConfigureAwait(false))
                .Where(i => i.Roles.Contains(name, StringComparer.OrdinalIgnoreCase))
                .ToList();

            // Each while it is still pending, in one statement: an invitation accepted, revoked or declined meanwhile keeps that.
            foreach (var invitation in offering)
            {
                var roles = MembershipRules.WithoutRole(invitation.Roles, name);
                await context.Set<TenantInvitation>().Where(i => i.Id == invitation.Id && i.State == TenantInvitationState.Pending)
                    .ExecuteUpdateAsync(set => set.SetProperty(i => i.Roles, roles), cancellationToken).ConfigureAwait(false);
            }

            await BumpAsync(holderIds, cancellationToken).ConfigureAwait(false);
            return removed;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<Membership>> HoldersAsync(Guid tenantId, List<Guid> inheritors, string name, CancellationToken cancellationToken) =>
        (await Memberships.Where(m => m.TenantId == tenantId || inheritors.Contains(m.TenantId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(m => m.Roles.Contains(name, StringComparer.OrdinalIgnoreCase))
            .ToList();

    // Takes the rows of the roles named that the tenant can give (its own and its ancestors'), changing nothing, and
    // returns the names still there. A deletion of one of them waits for the caller's transaction, and then finds the
    // membership it writes; or it deleted the row first, and the name is missing here.
    private async Task<HashSet<string>> LockRolesAsync(Guid tenantId, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return [];
        }

        using var scope = StoreScope.AllTenants();
        List<Guid> chain = [tenantId, .. await TenantLineage.InheritsAccessFromAsync(context, tenantId, cancellationToken).ConfigureAwait(false)];
        var normalized = names.Select(AccessColumns.Normalize).Distinct().ToList();
        var held = Roles.Where(r => chain.Contains(r.TenantId) && normalized.Contains(EF.Property<string>(r, AccessColumns.NormalizedName)));
        await held.LockAsync(cancellationToken).ConfigureAwait(false);
        return (await held.Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    // The descendants that inherited the role of that name from tenantId: not those defining their own, nor anything under them.
    private async Task<List<Guid>> InheritorsAsync(Guid tenantId, string normalized, CancellationToken cancellationToken)
    {
        using var scope = StoreScope.AllTenants();
        var all = await TenantLineage.AccessHeirsAsync(context, tenantId, _ => true, cancellationToken).ConfigureAwait(false);
        if (all.Count == 0)
        {
            return [];
        }

        var defining = (await Roles.Where(r => all.Contains(r.TenantId) && EF.Property<string>(r, AccessColumns.NormalizedName) == normalized)
            .Select(r => r.TenantId).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        return await TenantLineage.AccessHeirsAsync(context, tenantId, id => !defining.Contains(id), cancellationToken).ConfigureAwait(false);
    }
}
