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

    /// <summary>
    /// Assigns a tenant to a technician with <paramref name="permissions"/> until revoked, or replaces what they hold there.
    /// In a tenant that requires consent (<see cref="TechnicianConsent.SettingKey"/>) a new or wider grant waits for it
    /// instead; the overload with an expiry says which happened.
    /// </summary>
    /// <exception cref="AccessRuleException">The user is not a technician, or a permission is sensitive or MSP-level.</exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    Task GrantAsync(Guid userId, Guid tenantId, IEnumerable<string> permissions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Assigns a tenant to a technician with <paramref name="permissions"/> until <paramref name="expiresAt"/>, or replaces
    /// what they hold there. The grant ends by itself at its expiry: every permission check from then on denies it, on
    /// every node, with no job and no revocation. Where the tenant requires consent (<see cref="TechnicianConsent.SettingKey"/>),
    /// a change that widens access (a first grant, a permission not held, a later expiry) is stored as a request that
    /// gives nothing until one of the tenant's administrators approves it, and what the technician holds stays as it
    /// was; narrowing never waits.
    /// </summary>
    /// <param name="userId">The technician.</param>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="permissions">The whole grant, as <c>resource.action</c>.</param>
    /// <param name="expiresAt">When it ends; <see langword="null"/> for a grant until revoked.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The request waiting for the tenant's consent, or <see langword="null"/> when the grant applies at once.</returns>
    /// <exception cref="AccessRuleException">The user is not a technician, a permission is sensitive or MSP-level, or the expiry has passed.</exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    Task<TechnicianGrantRequest?> GrantAsync(Guid userId, Guid tenantId, IEnumerable<string> permissions, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="GrantAsync(Guid, Guid, IEnumerable{string}, DateTimeOffset?, CancellationToken)"/>, for
    /// <paramref name="rootTenantId"/> and every tenant under it (<see cref="TechnicianGrant.IncludesDescendants"/>): one
    /// grant for a client and all its sites, including sites created or moved under it later, never the client's parent
    /// or a sibling branch. It replaces the technician's grant in the root. Consent, where the root requires it
    /// (the setting as the root resolves it, inherited like any setting), is asked of the root's administrators: they
    /// answer for the branch, and sites covered by the grant are not asked one by one.
    /// </summary>
    /// <returns>The request waiting for the root's consent, or <see langword="null"/> when the grant applies at once.</returns>
    /// <exception cref="AccessRuleException">The user is not a technician, a permission is sensitive or MSP-level, or the expiry has passed.</exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    Task<TechnicianGrantRequest?> GrantSubtreeAsync(Guid userId, Guid rootTenantId, IEnumerable<string> permissions, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the expiry of a technician's grant (expired or not) to <paramref name="expiresAt"/>, keeping its permissions.
    /// A later expiry widens access, so where the tenant requires consent it waits for it like <see cref="GrantAsync(Guid, Guid, IEnumerable{string}, DateTimeOffset?, CancellationToken)"/>.
    /// </summary>
    /// <returns>The request waiting for the tenant's consent, or <see langword="null"/> when the renewal applies at once.</returns>
    /// <exception cref="AccessRuleException">The technician holds no grant there, or the expiry has passed.</exception>
    Task<TechnicianGrantRequest?> RenewAsync(Guid userId, Guid tenantId, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a tenant away from a technician and withdraws any request for more waiting there; their very next check
    /// there is denied on this node, and their session tokens are refused as outdated wherever a node reads their access afresh.
    /// </summary>
    /// <returns>Whether they held a grant there.</returns>
    Task<bool> RevokeAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="tenantId"/> the install's admin tenancy, moving the flag from the current one in
    /// one step. Shadow memberships already given stay, and give entry while their holders are staff of the
    /// admin tenancy (<see cref="MembershipRules"/>); tenants created from now on give shadow memberships to the
    /// new admin tenancy's members. The members of the old and the new admin tenancy hold other access from then on, so
    /// their access versions rise in the same transaction: their session tokens are outdated and their cached access
    /// is dropped, on every node.
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
