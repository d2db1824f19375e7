namespace MspHub;

/// <summary>
/// Where the roles each tenant defines are kept. Take this rather than <see cref="IAccessStore"/> when code only reads or writes
/// roles. A deleted role leaves every membership that held it in the same step (<see cref="RemoveRoleAsync"/>), so no member keeps
/// a role that no longer exists.
/// </summary>
/// <remarks>
/// It is one face of the registered <see cref="IAccessStore"/> (<see cref="MspHubBuilder.AddAccessStore{TStore}"/> resolves it to the
/// same instance), because removing a role changes memberships too. Use <see cref="ITenantAccessManager"/> to change roles: it refuses
/// system role names and MSP-level permissions and keeps the permission cache current.
/// </remarks>
public interface ITenantRoleStore
{
    /// <summary>The roles of a tenant, by name.</summary>
    Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The roles <paramref name="tenantId"/> inherits: those of its ancestors, nearest first, read from the tree as it
    /// is now. They are assignable in the tenant and read-only there. A role an ancestor and a nearer tenant both
    /// define is listed once, as the nearer one's. The default, for a store that keeps no tenants, inherits nothing.
    /// </summary>
    Task<IReadOnlyList<TenantRole>> ListInheritedRolesAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TenantRole>>([]);

    /// <summary>Adds or replaces a tenant role (matched by tenant and name, ignoring case).</summary>
    Task SaveRoleAsync(TenantRole role, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a tenant role and takes it out of every membership of the tenant, in one step; a store that keeps the
    /// tree also takes it out of the memberships of descendants that inherited it (not those that define their own of that name).
    /// </summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> RemoveRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default);
}
