namespace MspHub;

/// <content>The <see cref="InMemoryAccessStore"/> operations on its tenant roles (<see cref="ITenantRoleStore"/>).</content>
public sealed partial class InMemoryAccessStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<TenantRole>>(() => [.. _roles.Values.Where(r => r.TenantId == tenantId).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)], cancellationToken);

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
    public Task<bool> RemoveRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Locked(() =>
        {
            if (!_roles.Remove((tenantId, name)))
            {
                return false;
            }

            foreach (var member in _memberships.Values.Where(m => m.TenantId == tenantId && m.Roles.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList())
            {
                _memberships[(member.UserId, tenantId)] = member with { Roles = [.. member.Roles.Where(r => !string.Equals(r, name, StringComparison.OrdinalIgnoreCase))] };
                Bump(member.UserId);
            }

            return true;
        }, cancellationToken);
    }

    private sealed class RoleKeyComparer : IEqualityComparer<(Guid Tenant, string Name)>
    {
        public bool Equals((Guid Tenant, string Name) x, (Guid Tenant, string Name) y) =>
            x.Tenant == y.Tenant && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((Guid Tenant, string Name) obj) => HashCode.Combine(obj.Tenant, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
    }
}
