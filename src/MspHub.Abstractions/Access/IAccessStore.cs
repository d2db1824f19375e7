namespace MspHub;

/// <summary>
/// Where users, memberships, tenant roles and technician grants are kept. Operations whose rules span
/// several rows (the last MSP admin, one primary tenant per user, a deleted role leaving every membership)
/// are single atomic operations here, so the rules hold under concurrent changes.
/// </summary>
/// <remarks>
/// Use <see cref="ITenantAccessManager"/> and <see cref="IMspAccessManager"/> to change access: they apply
/// the access rules and keep the permission cache current. Stores only persist.
/// </remarks>
public interface IAccessStore
{
    /// <summary>
    /// What is known about <paramref name="userId"/> in <paramref name="tenantId"/> now; <see cref="AccessFacts.Unknown"/> for an
    /// unknown user. An expired technician grant counts as none; one in force sets <see cref="AccessFacts.ValidUntil"/> to its expiry.
    /// An elevation in force on a grant in force adds its permissions, and its expiry caps <see cref="AccessFacts.ValidUntil"/> too.
    /// </summary>
    ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// What is known about <paramref name="userId"/> in each of <paramref name="tenantIds"/>, in the same order,
    /// for lists that describe many tenants at once. The default asks <see cref="GetAccessFactsAsync(Guid, Guid, CancellationToken)"/>
    /// once per tenant on this store (one connection, one service scope); a store may answer in fewer round trips.
    /// </summary>
    async ValueTask<IReadOnlyList<AccessFacts>> GetAccessFactsAsync(Guid userId, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        var facts = new AccessFacts[tenantIds.Count];
        for (var i = 0; i < facts.Length; i++)
        {
            facts[i] = await GetAccessFactsAsync(userId, tenantIds[i], cancellationToken).ConfigureAwait(false);
        }

        return facts;
    }

    /// <summary>Finds a user.</summary>
    ValueTask<HubUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Adds a user.</summary>
    /// <exception cref="ConflictException">The id or user name is taken.</exception>
    Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> to the user as currently stored and writes the result, unless that
    /// would leave the install without an active MSP admin, in which case nothing changes and the result is
    /// <see langword="false"/>. Reading, checking and writing are one atomic step, so concurrent changes to
    /// the same user never overwrite each other. A user who is not a <see cref="SystemRole.Technician"/> after
    /// the change loses every technician grant and elevation in the same step, so a later promotion never revives old
    /// assignments and a demotion is never half applied.
    /// </summary>
    /// <exception cref="ConflictException">The new user name is taken.</exception>
    /// <exception cref="KeyNotFoundException">No user has that id.</exception>
    Task<bool> TryUpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, CancellationToken cancellationToken = default);

    /// <summary>Finds a user's membership in a tenant.</summary>
    ValueTask<Membership?> FindMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenants where <paramref name="userId"/> has a membership (shadow included) or a technician grant in force now
    /// (<see cref="TechnicianGrant.IsActiveAt"/>), and, for a store that keeps the tree, every tenant under a subtree
    /// membership or grant of theirs.
    /// </summary>
    Task<IReadOnlyList<Guid>> ListTenantIdsAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>Every membership of a tenant, shadow ones included, with their users.</summary>
    Task<IReadOnlyList<TenantMember>> ListMembersAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces a membership; a primary membership makes the user's others non-primary in the same step.</summary>
    Task SaveMembershipAsync(Membership membership, CancellationToken cancellationToken = default);

    /// <summary>Removes a membership.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives every active user with a non-shadow membership in <paramref name="adminTenancyId"/> a shadow
    /// membership in <paramref name="tenantId"/>, in one step.
    /// </summary>
    /// <returns>The users who got one.</returns>
    Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid adminTenancyId, Guid tenantId, CancellationToken cancellationToken = default);

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

    /// <summary>Finds a technician's grant in a tenant.</summary>
    ValueTask<TechnicianGrant?> FindGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Adds or replaces a technician's grant in a tenant (one per technician and tenant, subtree or not).</summary>
    Task SaveGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken = default);

    /// <summary>Removes a technician's grant in a tenant, and the elevation resting on it, in one step.</summary>
    /// <returns>Whether there was a grant.</returns>
    Task<bool> RemoveGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every technician grant in <paramref name="tenantId"/>, expired ones included, with its technician.</summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The subtree grants (<see cref="TechnicianGrant.IncludesDescendants"/>) given at an ancestor of <paramref name="tenantId"/>,
    /// expired ones included, with their technician: the grants that reach the tenant from above, read from the tree as it is
    /// now, nearest ancestor first. The default, for a store that keeps no tenants, has none.
    /// </summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListInheritedGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>>([]);

    /// <summary>
    /// Adds a request for a tenant's consent and, in the same step, withdraws (at its <see cref="TechnicianGrantRequest.RequestedAt"/>)
    /// every pending request for the same technician in the same tenant, so at most one waits.
    /// </summary>
    /// <exception cref="ConflictException">The id is taken.</exception>
    Task AddGrantRequestAsync(TechnicianGrantRequest request, CancellationToken cancellationToken = default);

    /// <summary>Finds a grant request, whatever its state.</summary>
    ValueTask<TechnicianGrantRequest?> FindGrantRequestAsync(Guid requestId, CancellationToken cancellationToken = default);

    /// <summary>The pending grant requests of <paramref name="tenantId"/>, each with its technician, oldest first.</summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianGrantRequest Request)>> ListPendingGrantRequestsAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one atomic step, marks a pending request of <paramref name="tenantId"/> approved by <paramref name="approvedBy"/> at
    /// <paramref name="at"/> and saves the grant it asks for (<see cref="TechnicianGrantRequest.ToGrant"/>), raising the
    /// technician's access version. Of concurrent calls for one request, exactly one finds it pending.
    /// </summary>
    /// <returns>The grant saved, or <see langword="null"/> (nothing changed) when there was no such pending request or its user is no longer a technician.</returns>
    Task<TechnicianGrant?> ApproveGrantRequestAsync(Guid tenantId, Guid requestId, Guid approvedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Marks a pending request of <paramref name="tenantId"/> declined by <paramref name="declinedBy"/> at <paramref name="at"/>, in one conditional step.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeclineGrantRequestAsync(Guid tenantId, Guid requestId, Guid declinedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Withdraws, at <paramref name="at"/>, the pending requests for <paramref name="userId"/> in <paramref name="tenantId"/>: the MSP changed or revoked the grant instead.</summary>
    /// <returns>How many were withdrawn.</returns>
    Task<int> WithdrawGrantRequestsAsync(Guid userId, Guid tenantId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a technician's elevation, replacing any earlier one of theirs in the tenant, and raises their access version,
    /// in one atomic step, but only while they hold a technician grant in force at <see cref="TechnicianElevation.ActivatedAt"/>:
    /// an elevation never sits on a grant that was revoked meanwhile.
    /// </summary>
    /// <returns>Whether it was saved.</returns>
    Task<bool> SaveElevationAsync(TechnicianElevation elevation, CancellationToken cancellationToken = default);

    /// <summary>Every technician elevation in <paramref name="tenantId"/>, expired ones included, with its technician.</summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianElevation Elevation)>> ListElevationsAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Removes a technician's elevation in a tenant and raises their access version.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> RemoveElevationAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds an invitation and, in the same step, revokes (at its <see cref="TenantInvitation.CreatedAt"/>) every
    /// invitation of the same user to the same tenant still pending, so a user has at most one per tenant.
    /// </summary>
    /// <exception cref="ConflictException">The id is taken.</exception>
    Task AddInvitationAsync(TenantInvitation invitation, CancellationToken cancellationToken = default);

    /// <summary>Finds an invitation, whatever its state.</summary>
    ValueTask<TenantInvitation?> FindInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default);

    /// <summary>The invitations of <paramref name="tenantId"/> open at <paramref name="now"/> (<see cref="TenantInvitation.IsOpenAt"/>), newest first.</summary>
    Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The invitations addressed to <paramref name="userId"/> open at <paramref name="now"/>, newest first.</summary>
    Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsForUserAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks an invitation of <paramref name="tenantId"/> open at <paramref name="at"/> revoked at that time.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> RevokeInvitationAsync(Guid tenantId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Marks an invitation addressed to <paramref name="userId"/> and open at <paramref name="at"/> declined at that time.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeclineInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one atomic step, marks an invitation addressed to <paramref name="userId"/> and open at <paramref name="at"/>
    /// accepted at that time and saves the user's membership in its tenant: the roles they already hold there (none
    /// from a shadow membership) plus the offered roles the tenant still has, not shadow, primary only if it already
    /// was. Of concurrent calls for one invitation, exactly one finds it open.
    /// </summary>
    /// <returns>The membership saved, or <see langword="null"/> (nothing changed) when there was no such open invitation or no such user.</returns>
    Task<Membership?> AcceptInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
