namespace MspHub;

/// <summary>
/// Where invitations to join a tenant are kept. Take this rather than <see cref="IAccessStore"/> when code only works with
/// invitations. Accepting one saves the user's membership in the same atomic step (<see cref="AcceptInvitationAsync"/>), so of
/// concurrent answers exactly one counts and an accepted invitation never leaves the user outside the tenant.
/// </summary>
/// <remarks>
/// It is one face of the registered <see cref="IAccessStore"/> (<see cref="MspHubBuilder.AddAccessStore{TStore}"/> resolves it to the
/// same instance), because accepting writes a membership. Use <see cref="ITenantInvitations"/> to invite and answer: it checks who may.
/// </remarks>
public interface IInvitationStore
{
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
