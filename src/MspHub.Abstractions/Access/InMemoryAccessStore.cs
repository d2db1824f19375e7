namespace MspHub;

/// <summary>
/// A thread-safe <see cref="IAccessStore"/> in process memory, for tests, demos and small hosts. One lock
/// makes every operation atomic. Its contents are lost on restart.
/// </summary>
/// <remarks>
/// It keeps no tenants, so it learns which tenant is the admin tenancy from
/// <see cref="AddShadowMembershipsAsync"/>; until that is called, no shadow membership gives entry. For the same
/// reason it knows no tree: a subtree grant or membership counts in its own tenant only, and no role is inherited.
/// Hierarchy-aware access needs a store that keeps tenants (MspHub.EntityFramework's).
/// </remarks>
public sealed class InMemoryAccessStore : IAccessStore
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, HubUser> _users = [];
    private readonly Dictionary<(Guid User, Guid Tenant), Membership> _memberships = [];
    private readonly Dictionary<(Guid Tenant, string Name), TenantRole> _roles = new(new RoleKeyComparer());
    private readonly Dictionary<(Guid User, Guid Tenant), TechnicianGrant> _grants = [];
    private readonly Dictionary<Guid, TenantInvitation> _invitations = [];
    private readonly Dictionary<Guid, TechnicianGrantRequest> _requests = [];
    private readonly Dictionary<(Guid User, Guid Tenant), TechnicianElevation> _elevations = [];
    private Guid? _adminTenancyId;

    /// <summary>Creates an empty store that checks grant expiries against the system clock.</summary>
    public InMemoryAccessStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store that checks grant expiries against <paramref name="time"/> (a fake clock in tests).</summary>
    public InMemoryAccessStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <inheritdoc />
    public ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var user))
            {
                return new(AccessFacts.Unknown);
            }

            var roles = _memberships.TryGetValue((userId, tenantId), out var membership) && !membership.IsShadow
                ? membership.Roles.SelectMany(r => _roles.GetValueOrDefault((tenantId, r))?.Permissions ?? []).Distinct().ToList()
                : [];
            var now = _time.GetUtcNow();
            var grant = _grants.GetValueOrDefault((userId, tenantId)) is { } held && held.IsActiveAt(now) ? held : null;
            var isInTenant = (membership is not null && (!membership.IsShadow || ShadowHolds(user))) || grant is not null;
            var facts = new AccessFacts(user.SystemRole, user.IsActive, roles, [.. grant?.Permissions ?? []])
            {
                IsInTenant = isInTenant,
                AccessVersion = user.AccessVersion,
                ValidUntil = grant?.ExpiresAt,
            };
            return new(grant is null ? facts : facts.WithElevation(_elevations.GetValueOrDefault((userId, tenantId)), now));
        }
    }

    /// <inheritdoc />
    public ValueTask<HubUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken = default) => LockedValue(() => _users.GetValueOrDefault(userId), cancellationToken);

    /// <inheritdoc />
    public Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Locked(() =>
        {
            if (_users.ContainsKey(user.Id))
            {
                throw new ConflictException("user", "id", user.Id.ToString());
            }

            RefuseTakenUserName(user);
            _users.Add(user.Id, user);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> TryUpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Locked(() =>
        {
            var current = _users.GetValueOrDefault(userId) ?? throw new KeyNotFoundException($"No user has id {userId}.");
            var user = change(current) with { Id = userId, AccessVersion = current.AccessVersion + 1 };
            RefuseTakenUserName(user);
            var wasActiveAdmin = current is { SystemRole: SystemRole.MspAdmin, IsActive: true };
            var staysActiveAdmin = user is { SystemRole: SystemRole.MspAdmin, IsActive: true };
            if (wasActiveAdmin && !staysActiveAdmin && !_users.Values.Any(u => u.Id != user.Id && u is { SystemRole: SystemRole.MspAdmin, IsActive: true }))
            {
                return false;
            }

            _users[user.Id] = user;
            if (user.SystemRole != SystemRole.Technician)
            {
                foreach (var key in _grants.Keys.Where(k => k.User == userId).ToList())
                {
                    _grants.Remove(key);
                    _elevations.Remove(key);
                }
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<Membership?> FindMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        LockedValue(() => _memberships.GetValueOrDefault((userId, tenantId)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Guid>> ListTenantIdsAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<Guid>>(
            () =>
            {
                var shadowHolds = _users.TryGetValue(userId, out var user) && ShadowHolds(user);
                return [.. _memberships.Values.Where(m => m.UserId == userId && (!m.IsShadow || shadowHolds)).Select(m => m.TenantId)
                    .Concat(_grants.Values.Where(g => g.UserId == userId && g.IsActiveAt(_time.GetUtcNow())).Select(g => g.TenantId)).Distinct()];
            },
            cancellationToken);

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
        Locked(() => Bumped(_memberships.Remove((userId, tenantId)), userId), cancellationToken);

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

    /// <inheritdoc />
    public ValueTask<TechnicianGrant?> FindGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        LockedValue(() => _grants.GetValueOrDefault((userId, tenantId)), cancellationToken);

    /// <inheritdoc />
    public Task SaveGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Locked(() => Bumped(_grants[(grant.UserId, grant.TenantId)] = grant, grant.UserId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked(
            () =>
            {
                _elevations.Remove((userId, tenantId));
                return Bumped(_grants.Remove((userId, tenantId)), userId);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<(HubUser, TechnicianGrant)>>(
            () => [.. _grants.Values.Where(g => g.TenantId == tenantId).Select(g => (_users[g.UserId], g)).OrderBy(g => g.Item1.UserName, StringComparer.Ordinal)],
            cancellationToken);

    /// <inheritdoc />
    public Task AddGrantRequestAsync(TechnicianGrantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Locked(() =>
        {
            if (_requests.ContainsKey(request.Id))
            {
                throw new ConflictException("grant request", "id", request.Id.ToString());
            }

            Withdraw(request.UserId, request.TenantId, request.RequestedAt);
            _requests.Add(request.Id, request);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<TechnicianGrantRequest?> FindGrantRequestAsync(Guid requestId, CancellationToken cancellationToken = default) =>
        LockedValue(() => _requests.GetValueOrDefault(requestId), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<(HubUser Technician, TechnicianGrantRequest Request)>> ListPendingGrantRequestsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<(HubUser, TechnicianGrantRequest)>>(
            () => [.. _requests.Values.Where(r => r.TenantId == tenantId && r.State == TechnicianGrantRequestState.Pending && _users.ContainsKey(r.UserId))
                .OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).Select(r => (_users[r.UserId], r))],
            cancellationToken);

    /// <inheritdoc />
    public Task<TechnicianGrant?> ApproveGrantRequestAsync(Guid tenantId, Guid requestId, Guid approvedBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Locked(() =>
        {
            if (!_requests.TryGetValue(requestId, out var request) || request.TenantId != tenantId || request.State != TechnicianGrantRequestState.Pending
                || _users.GetValueOrDefault(request.UserId) is not { SystemRole: SystemRole.Technician })
            {
                return null;
            }

            _requests[requestId] = request with { State = TechnicianGrantRequestState.Approved, AnsweredBy = approvedBy, ClosedAt = at };
            var grant = request.ToGrant(at);
            _grants[(grant.UserId, grant.TenantId)] = grant;
            Bump(grant.UserId);
            return (TechnicianGrant?)grant;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeclineGrantRequestAsync(Guid tenantId, Guid requestId, Guid declinedBy, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Locked(() =>
        {
            if (!_requests.TryGetValue(requestId, out var request) || request.TenantId != tenantId || request.State != TechnicianGrantRequestState.Pending)
            {
                return false;
            }

            _requests[requestId] = request with { State = TechnicianGrantRequestState.Declined, AnsweredBy = declinedBy, ClosedAt = at };
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> WithdrawGrantRequestsAsync(Guid userId, Guid tenantId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Locked(() => Withdraw(userId, tenantId, at), cancellationToken);

    /// <inheritdoc />
    public Task<bool> SaveElevationAsync(TechnicianElevation elevation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elevation);
        return Locked(
            () => _grants.GetValueOrDefault((elevation.UserId, elevation.TenantId)) is { } grant && grant.IsActiveAt(elevation.ActivatedAt)
                && Bumped(_elevations[(elevation.UserId, elevation.TenantId)] = elevation, elevation.UserId) is not null,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(HubUser Technician, TechnicianElevation Elevation)>> ListElevationsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<(HubUser, TechnicianElevation)>>(
            () => [.. _elevations.Values.Where(e => e.TenantId == tenantId).Select(e => (_users[e.UserId], e)).OrderBy(e => e.Item1.UserName, StringComparer.Ordinal)],
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveElevationAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked(() => Bumped(_elevations.Remove((userId, tenantId)), userId), cancellationToken);

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
        LockedValue(() => _invitations.GetValueOrDefault(invitationId), cancellationToken);

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

    // Call under the lock: withdraws the pending requests of one technician in one tenant.
    private int Withdraw(Guid userId, Guid tenantId, DateTimeOffset at)
    {
        var pending = _requests.Values.Where(r => r.UserId == userId && r.TenantId == tenantId && r.State == TechnicianGrantRequestState.Pending).ToList();
        foreach (var request in pending)
        {
            _requests[request.Id] = request with { State = TechnicianGrantRequestState.Withdrawn, ClosedAt = at };
        }

        return pending.Count;
    }

    // Call under the lock: the shadow rule (see MembershipRules), applied to the admin tenancy this store knows.
    private bool ShadowHolds(HubUser user) =>
        MembershipRules.MayHoldShadow(user)
        && _adminTenancyId is { } admin
        && _memberships.TryGetValue((user.Id, admin), out var home)
        && !home.IsShadow;

    // Call under the lock: the user's access changed.
    private void Bump(Guid userId)
    {
        if (_users.TryGetValue(userId, out var user))
        {
            _users[userId] = user with { AccessVersion = user.AccessVersion + 1 };
        }
    }

    private T Bumped<T>(T result, Guid userId)
    {
        if (result is not false)
        {
            Bump(userId);
        }

        return result;
    }

    private void RefuseTakenUserName(HubUser user)
    {
        if (_users.Values.Any(u => u.Id != user.Id && string.Equals(u.UserName, user.UserName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException("user", "user name", user.UserName);
        }
    }

    private ValueTask<T?> LockedValue<T>(Func<T?> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(operation());
        }
    }

    private Task<T> Locked<T>(Func<T> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(operation());
        }
    }

    private sealed class RoleKeyComparer : IEqualityComparer<(Guid Tenant, string Name)>
    {
        public bool Equals((Guid Tenant, string Name) x, (Guid Tenant, string Name) y) =>
            x.Tenant == y.Tenant && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((Guid Tenant, string Name) obj) => HashCode.Combine(obj.Tenant, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
    }
}
