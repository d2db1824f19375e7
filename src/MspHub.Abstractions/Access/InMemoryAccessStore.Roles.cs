namespace MspHub;

/// <content>The <see cref="InMemoryAccessStore"/> operations on its tenant roles (<see cref="ITenantRoleStore"/>).</content>
public sealed partial class InMemoryAccessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<TenantRole>>(() => [.. _roles.Values.Where(r => r.TenantId == tenantId).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)], cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TenantRole>> ListInheritedRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var ancestry = (await ReadTreeAsync(cancellationToken).ConfigureAwait(false))?.InheritsAccessFrom(tenantId) ?? [];
        List<Guid> chain = [tenantId, .. ancestry];
        lock (_lock)
        {
            return TenantChainAccess.Inherited(chain, [.. _roles.Values.Where(r => chain.Contains(r.TenantId))]);
        }
    }

    /// <inheritdoc />
    public Task SaveRoleAsync(TenantRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        return Locked(() =>
        {
            _roles.Remove((role.TenantId, role.Name));
            _roles[(role.TenantId, role.Name)] = role;
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var tree = await ReadTreeAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (!_roles.Remove((tenantId, name)))
            {
                return false;
            }

            // The descendants that inherited the role lose it too: not those defining their own of that name, nor anything under them.
            HashSet<Guid> holders = [tenantId, .. tree?.AccessHeirs(tenantId, id => !_roles.ContainsKey((id, name))) ?? []];
            foreach (var member in _memberships.Values.Where(m => holders.Contains(m.TenantId) && m.Roles.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList())
            {
                _memberships[(member.UserId, member.TenantId)] = member with { Roles = MembershipRules.WithoutRole(member.Roles, name) };
                Bump(member.UserId);
            }

            // Open invitations stop offering it, so a later role given the same name is never handed out by an old invitation.
            foreach (var invitation in _invitations.Values.Where(i => holders.Contains(i.TenantId) && i.State == TenantInvitationState.Pending
                && i.Roles.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList())
            {
                _invitations[invitation.Id] = invitation with { Roles = MembershipRules.WithoutRole(invitation.Roles, name) };
            }

            return true;
        }
    }

    private sealed class RoleKeyComparer : IEqualityComparer<(Guid Tenant, string Name)>
    {
        public bool Equals((Guid Tenant, string Name) x, (Guid Tenant, string Name) y) =>
            x.Tenant == y.Tenant && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((Guid Tenant, string Name) obj) => HashCode.Combine(obj.Tenant, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
    }
}
