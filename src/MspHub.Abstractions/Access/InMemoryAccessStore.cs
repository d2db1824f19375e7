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
// One class, one file per aggregate (InMemoryAccessStore.Users.cs, .Memberships.cs, .Roles.cs, .Grants.cs, .Invitations.cs):
// the operations that span aggregates (a demotion dropping grants, a removed role leaving memberships, an accepted invitation
// saving a membership) need every dictionary under the one lock, so separate classes would only share this state back.
public sealed partial class InMemoryAccessStore : IAccessStore
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
    public Task<IReadOnlyList<Guid>> ListTenantIdsAsync(Guid userId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<Guid>>(
            () =>
            {
                var shadowHolds = _users.TryGetValue(userId, out var user) && ShadowHolds(user);
                return [.. _memberships.Values.Where(m => m.UserId == userId && (!m.IsShadow || shadowHolds)).Select(m => m.TenantId)
                    .Concat(_grants.Values.Where(g => g.UserId == userId && g.IsActiveAt(_time.GetUtcNow())).Select(g => g.TenantId)).Distinct()];
            },
            cancellationToken);

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
}
