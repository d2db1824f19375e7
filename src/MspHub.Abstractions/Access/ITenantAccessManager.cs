namespace MspHub;

/// <summary>
/// What a tenant's own administrators manage: the tenant's roles and its users. Nothing here can see or
/// touch system roles, MSP staff or MSP-level permissions, and every call refuses a tenant other than the
/// active one (<see cref="TenantIsolationException"/>). Every change applies to permission checks at once.
/// </summary>
/// <remarks>
/// It does not check who is calling: protect the endpoints that use it with permissions (for example
/// <c>users.update</c>), and give those only to roles trusted to assign any of the tenant's roles. The exceptions are
/// <see cref="ApproveTechnicianAccessAsync"/> and <see cref="DeclineTechnicianAccessAsync"/>, which take the approver
/// and check them, because their answer is the tenant's consent to the MSP's access and must be the tenant's own.
/// </remarks>
public interface ITenantAccessManager
{
    /// <summary>The tenant's roles.</summary>
    Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The roles the tenant inherits from its ancestors, nearest first: assignable here like its own, read-only here
    /// (only the tenant that defines one changes it), so a client's roles mean the same in every one of its sites.
    /// </summary>
    Task<IReadOnlyList<TenantRole>> ListInheritedRolesAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a tenant role.</summary>
    /// <exception cref="AccessRuleException">The name is a system role's or an inherited role's (<see cref="ListInheritedRolesAsync"/>), or a permission is MSP-level.</exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    Task SaveRoleAsync(TenantRole role, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the default tenant roles (<see cref="MspHubOptions.DefaultTenantRoles"/>) the tenant does not
    /// have yet; roles it already has, customised or not, are left as they are, and a sub-tenant inherits its
    /// ancestors' roles of those names rather than getting copies of its own. Call when a tenant is created.
    /// </summary>
    Task SeedDefaultRolesAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a tenant role and takes it from every member who held it, in this tenant and in the descendants that
    /// inherited it (a descendant's own role of the same name stays), so a role defined later under that name never
    /// revives a forgotten assignment.
    /// </summary>
    /// <exception cref="AccessRuleException">The role is inherited (<see cref="ListInheritedRolesAsync"/>): only the tenant that defines it deletes it.</exception>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeleteRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default);

    /// <summary>The tenant's users: never shadow members, never MSP staff.</summary>
    Task<IReadOnlyList<TenantMember>> ListUsersAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a user a member of the tenant with <paramref name="roles"/>, or changes their roles; their primary
    /// tenant stays as it was. With a tenant active (a tenant admin's request), a user who already belongs to
    /// another tenant cannot be added: only code running outside any tenant (the MSP's) adds them, or they join
    /// by accepting an invitation (<see cref="ITenantInvitations"/>), which asks for their consent.
    /// </summary>
    /// <exception cref="AccessRuleException">There is no such user, the user is MSP staff, holds only a shadow membership or belongs to another tenant (one message for all, so ids cannot be probed), or a role does not exist in the tenant.</exception>
    Task SetMemberAsync(Guid tenantId, Guid userId, IEnumerable<string> roles, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="SetMemberAsync(Guid, Guid, IEnumerable{string}, CancellationToken)"/>, and with
    /// <paramref name="includesDescendants"/> the roles also hold in every tenant under this one, present and future
    /// (<see cref="Membership.IncludesDescendants"/>): how a client's administrator is made administrator of the client's
    /// sites, without reaching the parent or a sibling branch. The call replaces the whole membership, so calling the
    /// other overload later makes it this tenant's only.
    /// </summary>
    /// <exception cref="AccessRuleException">As for the other overload.</exception>
    Task SetMemberAsync(Guid tenantId, Guid userId, IEnumerable<string> roles, bool includesDescendants, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the MSP's technicians hold in the tenant, so its administrators can see who may act there, with what and
    /// until when: each grant in force, and each request waiting for their consent (which gives nothing yet). Expired
    /// grants are left out. MSP admins act everywhere by their system role and are not listed. A subtree grant in force
    /// given at an ancestor (<see cref="IMspAccessManager.GrantSubtreeAsync"/>) acts here too, so it is listed as well,
    /// marked with <see cref="DelegatedAccessEntry.InheritedFrom"/>: a site's administrators see a technician granted at
    /// the client, as the tree is now. Such a line is read-only here.
    /// </summary>
    Task<IReadOnlyList<DelegatedAccessEntry>> ListTechnicianAccessAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a technician's request waiting for the tenant's consent, as <paramref name="approverId"/>: the grant it asks
    /// for replaces what the technician held there, from the next check. Of concurrent answers to one request, one wins.
    /// </summary>
    /// <param name="tenantId">The tenant, which must be the active one when a tenant is active.</param>
    /// <param name="requestId">The request (<see cref="DelegatedAccessEntry.RequestId"/>).</param>
    /// <param name="approverId">Who approves: an active member of the tenant with no system role who holds <see cref="TechnicianConsent.Permission"/> there, never the requester.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The grant now in force.</returns>
    /// <exception cref="AccessRuleException">The approver is not one of the tenant's own administrators holding the consent permission.</exception>
    /// <exception cref="GrantRequestNotAvailableException">No pending request with that id is the tenant's, or it can no longer be granted.</exception>
    /// <exception cref="UnknownPermissionException">The host did not declare <see cref="TechnicianConsent.Permission"/>.</exception>
    Task<TechnicianGrant> ApproveTechnicianAccessAsync(Guid tenantId, Guid requestId, Guid approverId, CancellationToken cancellationToken = default);

    /// <summary>Declines a technician's request waiting for the tenant's consent, as <paramref name="approverId"/>; what the technician held stays as it was.</summary>
    /// <exception cref="AccessRuleException">The approver is not one of the tenant's own administrators holding the consent permission.</exception>
    /// <exception cref="GrantRequestNotAvailableException">No pending request with that id is the tenant's.</exception>
    /// <exception cref="UnknownPermissionException">The host did not declare <see cref="TechnicianConsent.Permission"/>.</exception>
    Task DeclineTechnicianAccessAsync(Guid tenantId, Guid requestId, Guid approverId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a technician's grant in the tenant away, and withdraws any request of theirs waiting there: the tenant does
    /// not need the MSP to end access it no longer wants. Their very next check there is denied.
    /// </summary>
    /// <returns>Whether they held a grant there.</returns>
    /// <exception cref="AccessRuleException">The technician holds no grant of the tenant's own but one inherited from an ancestor
    /// (<see cref="DelegatedAccessEntry.InheritedFrom"/>): that ancestor, or the MSP, revokes it, since ending it ends it in the whole subtree.</exception>
    Task<bool> RevokeTechnicianAccessAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Removes a user from the tenant.</summary>
    /// <returns>Whether they were a member (always, with a tenant active, unless a concurrent change removed them first).</returns>
    /// <exception cref="AccessRuleException">There is no such user, or the user is MSP staff or holds only a shadow membership; or,
    /// with a tenant active (a tenant admin's request), the user is not a member of the tenant. All with one message.</exception>
    Task<bool> RemoveMemberAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default);
}
