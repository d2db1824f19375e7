namespace MspHub;

/// <content>The <see cref="InMemoryAccessStore"/> operations on its technician grants, grant requests and elevations (<see cref="ITechnicianGrantStore"/>).</content>
public sealed partial class InMemoryAccessStore
{
    /// <inheritdoc />
    public ValueTask<TechnicianGrant?> FindGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        Find(_grants, (userId, tenantId), cancellationToken);

    /// <inheritdoc />
    public Task SaveGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return Locked(
            () => _users.GetValueOrDefault(grant.UserId) is { SystemRole: SystemRole.Technician }
                ? Bumped(Replace(grant), grant.UserId)
                : throw NotATechnician(grant.UserId),
            cancellationToken);
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
    public async Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListInheritedGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var ancestry = (await ReadTreeAsync(cancellationToken).ConfigureAwait(false))?.InheritsAccessFrom(tenantId) ?? [];
        lock (_lock)
        {
            return [.. ancestry.SelectMany(ancestor => _grants.Values.Where(g => g.TenantId == ancestor && g.IncludesDescendants)
                    .Select(g => (_users[g.UserId], g))
                    .OrderBy(g => g.Item1.UserName, StringComparer.Ordinal))];
        }
    }

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

            if (_users.GetValueOrDefault(request.UserId) is not { SystemRole: SystemRole.Technician })
            {
                throw NotATechnician(request.UserId);
            }

            Withdraw(request.UserId, request.TenantId, request.RequestedAt);
            _requests.Add(request.Id, request);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<TechnicianGrantRequest?> FindGrantRequestAsync(Guid requestId, CancellationToken cancellationToken = default) =>
        Find(_requests, requestId, cancellationToken);

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
            Replace(grant);
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
    public Task<bool> SaveElevationAsync(TechnicianElevation elevation, DateTimeOffset? grantedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(elevation);
        return Locked(
            () => _grants.GetValueOrDefault((elevation.UserId, elevation.TenantId)) is { } grant && grant.GrantedAt == grantedAt && grant.IsActiveAt(elevation.ActivatedAt)
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

    // Call under the lock: saves a grant over the technician's previous one there, ending any elevation that rested on it.
    private TechnicianGrant Replace(TechnicianGrant grant)
    {
        _elevations.Remove((grant.UserId, grant.TenantId));
        return _grants[(grant.UserId, grant.TenantId)] = grant;
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

    private static AccessRuleException NotATechnician(Guid userId) =>
        new($"User {userId} is not a technician (or no longer is), so they cannot hold a technician grant.");
}
