namespace MspHub;

/// <summary>
/// Invitations: how a tenant's administrators add a user who may already belong to another tenant, with that
/// user's consent. <see cref="ITenantAccessManager.SetMemberAsync(Guid, Guid, IEnumerable{string}, CancellationToken)"/> refuses such a user from a tenant, because
/// adding them directly would pull them in without asking and would tell the tenant that the id exists.
/// Inviting asks nothing of the id: the invitation is stored whoever it names, and only the named user, if
/// they exist and may join a tenant, can accept it. Invitations expire after
/// <see cref="MspHubOptions.InvitationLifetime"/> and are single-use.
/// </summary>
/// <remarks>
/// The tenant-side calls (<see cref="InviteAsync"/>, <see cref="ListPendingAsync"/>, <see cref="RevokeAsync"/>)
/// refuse a tenant other than the active one (<see cref="TenantIsolationException"/>) and do not check who is
/// calling: protect the endpoints that use them like those that use <see cref="ITenantAccessManager"/>. The
/// user-side calls take the signed-in user's id and act only on invitations addressed to it.
/// </remarks>
public interface ITenantInvitations
{
    /// <summary>
    /// Invites <paramref name="userId"/> into <paramref name="tenantId"/> with <paramref name="roles"/>. An open
    /// invitation of the same user to the same tenant is revoked in the same step, so the user sees one.
    /// </summary>
    /// <param name="tenantId">The inviting tenant, which must be the active one when a tenant is active.</param>
    /// <param name="userId">The user invited; nothing is checked about it, so the answer is the same for any id.</param>
    /// <param name="roles">The tenant roles offered; each must exist in the tenant.</param>
    /// <param name="invitedBy">Who invites, if known; kept with the invitation.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The invitation, expiring <see cref="MspHubOptions.InvitationLifetime"/> from now.</returns>
    /// <exception cref="AccessRuleException">A role does not exist in the tenant.</exception>
    Task<TenantInvitation> InviteAsync(Guid tenantId, Guid userId, IEnumerable<string> roles, Guid? invitedBy = null, CancellationToken cancellationToken = default);

    /// <summary>The tenant's open invitations (pending and unexpired), newest first.</summary>
    Task<IReadOnlyList<TenantInvitation>> ListPendingAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Withdraws an open invitation of the tenant; the user can no longer accept it.</summary>
    /// <returns>Whether an open invitation of <paramref name="tenantId"/> with <paramref name="invitationId"/> was revoked.</returns>
    Task<bool> RevokeAsync(Guid tenantId, Guid invitationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The open invitations addressed to <paramref name="userId"/> from active tenants, newest first, each with its
    /// tenant. Empty for MSP staff and inactive or unknown users, who cannot accept any.
    /// </summary>
    Task<IReadOnlyList<ReceivedInvitation>> ListReceivedAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts an invitation addressed to <paramref name="userId"/>: in one step it is closed and the user becomes a
    /// member of its tenant with the offered roles the tenant still has, added to any they hold there already.
    /// The user's primary tenant stays as it was. Of concurrent accepts of one invitation, exactly one succeeds.
    /// </summary>
    /// <returns>The user's membership in the tenant.</returns>
    /// <exception cref="InvitationNotAvailableException">
    /// No open invitation with that id is addressed to the user (unknown, someone else's, expired, already answered
    /// or revoked), its tenant is gone or not active, or the user is MSP staff or inactive: one answer for all.
    /// </exception>
    Task<Membership> AcceptAsync(Guid userId, Guid invitationId, CancellationToken cancellationToken = default);

    /// <summary>Declines an invitation addressed to <paramref name="userId"/>; it can no longer be accepted.</summary>
    /// <exception cref="InvitationNotAvailableException">No open invitation with that id is addressed to the user.</exception>
    Task DeclineAsync(Guid userId, Guid invitationId, CancellationToken cancellationToken = default);
}
