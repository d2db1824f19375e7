namespace MspHub;

/// <content>The <see cref="InMemoryAccessStore"/> operations on its invitations (<see cref="IInvitationStore"/>).</content>
public sealed partial class InMemoryAccessStore
{
    /// <inheritdoc />
    public Task AddInvitationAsync(TenantInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        return Locked(() =>
        {
            if (_invitations.ContainsKey(invitation.Id))
            {
                throw new ConflictException("invitation", "id", invitation.Id.ToString());
            }

            foreach (var earlier in _invitations.Values
                .Where(i => i.TenantId == invitation.TenantId && i.InvitedUserId == invitation.InvitedUserId && i.State == TenantInvitationState.Pending).ToList())
            {
                _invitations[earlier.Id] = earlier with { State = TenantInvitationState.Revoked, ClosedAt = invitation.CreatedAt };
            }

            _invitations.Add(invitation.Id, invitation);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<TenantInvitation?> FindInvitationAsync(Guid invitationId, CancellationToken cancellationToken = default) =>
        Find(_invitations, invitationId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<TenantInvitation>>(() => OpenInvitations(i => i.TenantId == tenantId, now), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantInvitation>> ListOpenInvitationsForUserAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<TenantInvitation>>(() => OpenInvitations(i => i.InvitedUserId == userId, now), cancellationToken);

    /// <inheritdoc />
    public Task<bool> RevokeInvitationAsync(Guid tenantId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Locked(() => CloseInvitation(invitationId, i => i.TenantId == tenantId, TenantInvitationState.Revoked, at) is not null, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeclineInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Locked(() => CloseInvitation(invitationId, i => i.InvitedUserId == userId, TenantInvitationState.Declined, at) is not null, cancellationToken);

    /// <inheritdoc />
    public Task<Membership?> AcceptInvitationAsync(Guid userId, Guid invitationId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Locked(() =>
        {
            if (!_users.ContainsKey(userId) || CloseInvitation(invitationId, i => i.InvitedUserId == userId, TenantInvitationState.Accepted, at) is not { } invitation)
            {
                return null;
            }

            var membership = MembershipRules.Accepting(
                invitation,
                _memberships.GetValueOrDefault((userId, invitation.TenantId)),
                _roles.Values.Where(r => r.TenantId == invitation.TenantId).Select(r => r.Name));
            _memberships[(userId, invitation.TenantId)] = membership;
            Bump(userId);
            return (Membership?)membership;
        }, cancellationToken);

    // Call under the lock.
    private List<TenantInvitation> OpenInvitations(Func<TenantInvitation, bool> which, DateTimeOffset now) =>
        [.. _invitations.Values.Where(i => which(i) && i.IsOpenAt(now)).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)];

    // Call under the lock: closes the invitation if it is open at `at` and `whose` holds; returns it as it was.
    private TenantInvitation? CloseInvitation(Guid invitationId, Func<TenantInvitation, bool> whose, TenantInvitationState state, DateTimeOffset at)
    {
        if (!_invitations.TryGetValue(invitationId, out var invitation) || !whose(invitation) || !invitation.IsOpenAt(at))
        {
            return null;
        }

        _invitations[invitationId] = invitation with { State = state, ClosedAt = at };
        return invitation;
    }
}
