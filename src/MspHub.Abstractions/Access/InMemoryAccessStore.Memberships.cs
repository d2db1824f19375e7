namespace MspHub;

/// <content>The <see cref="InMemoryAccessStore"/> operations on its memberships (<see cref="IMembershipStore"/>).</content>
public sealed partial class InMemoryAccessStore
{
    /// <inheritdoc />
    public ValueTask<Membership?> FindMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        Find(_memberships, (userId, tenantId), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantMember>> ListMembersAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<TenantMember>>(
            () => [.. _memberships.Values.Where(m => m.TenantId == tenantId).Select(m => new TenantMember(_users[m.UserId], m)).OrderBy(m => m.User.UserName, StringComparer.Ordinal)],
            cancellationToken);

    /// <inheritdoc />
    public Task SaveMembershipAsync(Membership membership, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return Locked(() =>
        {
            if (!_users.ContainsKey(membership.UserId))
            {
                throw new KeyNotFoundException($"No user has id {membership.UserId}.");
            }

            if (membership.IsPrimary)
            {
                foreach (var other in _memberships.Values.Where(m => m.UserId == membership.UserId && m.IsPrimary && m.TenantId != membership.TenantId).ToList())
                {
                    _memberships[(other.UserId, other.TenantId)] = other with { IsPrimary = false };
                }
            }

            _memberships[(membership.UserId, membership.TenantId)] = membership;
            Bump(membership.UserId);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked(
            () =>
            {
                if (!_memberships.Remove((userId, tenantId)))
                {
                    return false;
                }

                // Open invitations of the tenant to the person go with the membership: accepting one would undo the removal.
                var at = _time.GetUtcNow();
                foreach (var open in _invitations.Values.Where(i => i.TenantId == tenantId && i.InvitedUserId == userId && i.State == TenantInvitationState.Pending).ToList())
                {
                    _invitations[open.Id] = open with { State = TenantInvitationState.Revoked, ClosedAt = at };
                }

                return Bumped(true, userId);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid adminTenancyId, Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<Guid>>(() =>
        {
            _adminTenancyId = adminTenancyId;
            var staff = _memberships.Values
                .Where(m => m.TenantId == adminTenancyId && !m.IsShadow && _users[m.UserId].IsActive && !_memberships.ContainsKey((m.UserId, tenantId)))
                .Select(m => m.UserId)
                .ToList();
            foreach (var userId in staff)
            {
                _memberships[(userId, tenantId)] = new Membership { UserId = userId, TenantId = tenantId, IsShadow = true };
                Bump(userId);
            }

            return staff;
        }, cancellationToken);
}
