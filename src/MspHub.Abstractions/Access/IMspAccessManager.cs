namespace MspHub;

/// <summary>
/// What only the MSP manages: system roles, technicians' grants, the admin tenancy and shadow memberships.
/// Expose it only to MSP admins. Every change applies to permission checks at once.
/// </summary>
public interface IMspAccessManager
{
    /// <summary>Adds a user; use this rather than the store so a check made before the user existed is not remembered.</summary>
    /// <exception cref="ConflictException">The id or user name is taken.</exception>
    Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default);

    /// <summary>Gives a user a system role, or takes it away. Leaving the technician role also removes their grants.</summary>
    /// <exception cref="AccessRuleException">It would leave the install without an active MSP admin.</exception>
    /// <exception cref="KeyNotFoundException">There is no such user.</exception>
    Task SetSystemRoleAsync(Guid userId, SystemRole role, CancellationToken cancellationToken = default);

    /// <summary>Activates or deactivates a user; an inactive user holds no permission anywhere.</summary>
    /// <exception cref="AccessRuleException">It would leave the install without an active MSP admin.</exception>
    /// <exception cref="KeyNotFoundException">There is no such user.</exception>
    Task SetActiveAsync(Guid userId, bool isActive, CancellationToken cancellationToken = default);

    /// <summary>Assigns a tenant to a technician with <paramref name="permissions"/>, or replaces what they hold there.</summary>
    /// <exception cref="AccessRuleException">The user is not a technician, or a permission is sensitive or MSP-level.</exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    Task GrantAsync(Guid userId, Guid tenantId, IEnumerable<string> permissions, CancellationToken cancellationToken = default);

    /// <summary>Takes a tenant away from a technician; their very next check there is denied.</summary>
    /// <returns>Whether they held a grant there.</returns>
    Task<bool> RevokeAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="tenantId"/> the install's admin tenancy, moving the flag from the current one in
    /// one step. Shadow memberships already given stay, and give entry while their holders are staff of the
    /// admin tenancy (<see cref="MembershipRules"/>); tenants created from now on give shadow memberships to the
    /// new admin tenancy's members.
    /// </summary>
    /// <exception cref="TenantNotFoundException">There is no such tenant.</exception>
    Task DesignateAdminTenancyAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a user's membership in a tenant, MSP staff and shadow memberships included. Taking a user out of
    /// the admin tenancy ends their entry through every shadow membership on their next request
    /// (<see cref="MembershipRules"/>).
    /// </summary>
    /// <returns>Whether they were a member.</returns>
    Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Gives every active member of the admin tenancy a shadow membership in <paramref name="tenantId"/>; call when a tenant is created.</summary>
    /// <returns>The users who got one.</returns>
    Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid tenantId, CancellationToken cancellationToken = default);
}
