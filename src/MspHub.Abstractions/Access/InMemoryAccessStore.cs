namespace MspHub;

/// <summary>
/// A thread-safe <see cref="IAccessStore"/> in process memory, for tests, demos and small hosts. One lock
/// makes every operation atomic. Its contents are lost on restart.
/// </summary>
/// <remarks>
/// It keeps no tenants, so it learns which tenant is the admin tenancy from
/// <see cref="AddShadowMembershipsAsync"/>; until that is called, no shadow membership gives entry. The tenant tree
/// it reads from an <see cref="ITenantStore"/> (<see cref="ITenantStore.ListTreeAsync"/>) as it is at each call, so
/// subtree grants and memberships reach the tenants under theirs and roles are inherited down the tree, exactly as in
/// MspHub.EntityFramework's store (<see cref="TenantChainAccess"/>); <c>AddInMemoryAccessStore</c> reads it from the
/// registered tenant store. Created without one, it knows no tree: a subtree grant or membership counts in its own
/// tenant only, and no role is inherited.
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
    private readonly Func<CancellationToken, Task<IReadOnlyList<TenantNode>>>? _readTree;
    private Guid? _adminTenancyId;

    /// <summary>Creates an empty store, knowing no tree, that checks grant expiries against the system clock.</summary>
    public InMemoryAccessStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates an empty store, knowing no tree, that checks grant expiries against <paramref name="time"/> (a fake clock in tests).</summary>
    public InMemoryAccessStore(TimeProvider time)
        : this(time, readTree: null)
    {
    }

    /// <summary>
    /// Creates an empty store that checks grant expiries against <paramref name="time"/> and follows the tenant tree
    /// <paramref name="tenants"/> keeps, read afresh at each call, so a moved tenant's access changes at once.
    /// </summary>
    public InMemoryAccessStore(TimeProvider time, ITenantStore tenants)
        : this(time, (tenants ?? throw new ArgumentNullException(nameof(tenants))).ListTreeAsync)
    {
    }

    internal InMemoryAccessStore(TimeProvider time, Func<CancellationToken, Task<IReadOnlyList<TenantNode>>>? readTree)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _readTree = readTree;
    }

    /// <inheritdoc />
    public async ValueTask<AccessFacts> GetAccessFactsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        var tree = await ReadTreeAsync(cancellationToken).ConfigureAwait(false);
        var ancestry = tree?.Ancestors(tenantId) ?? [];
        lock (_lock)
        {
            if (!_users.TryGetValue(userId, out var user))
            {
                return AccessFacts.Unknown;
            }

            var now = _time.GetUtcNow();
            List<Guid> chain = [tenantId, .. ancestry];
            var memberships = chain.Select(id => _memberships.GetValueOrDefault((userId, id))).OfType<Membership>().ToDictionary(m => m.TenantId);
            var roles = _roles.Values.Where(r => chain.Contains(r.TenantId)).ToList();
            var grants = chain.Select(id => _grants.GetValueOrDefault((userId, id))).OfType<TechnicianGrant>().Where(g => g.IsActiveAt(now)).ToDictionary(g => g.TenantId);
            var facts = new TenantChainAccess(tenantId, ancestry, memberships, roles, grants) { AdminTenancyId = tree?.AdminTenancyId }.For(user, ShadowHolds(user));
            // An elevation counts on top of the technician's own grant in the tenant, never on a subtree grant held above it.
            return grants.ContainsKey(tenantId) ? facts.WithElevation(_elevations.GetValueOrDefault((userId, tenantId)), now) : facts;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> ListTenantIdsAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var tree = await ReadTreeAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var shadowHolds = _users.TryGetValue(userId, out var user) && ShadowHolds(user);
            var now = _time.GetUtcNow();
            var held = _memberships.Values.Where(m => m.UserId == userId && (!m.IsShadow || shadowHolds)).Select(m => (m.TenantId, Down: m.IncludesDescendants && !m.IsShadow))
                .Concat(_grants.Values.Where(g => g.UserId == userId && g.IsActiveAt(now)).Select(g => (g.TenantId, Down: g.IncludesDescendants)))
                .ToList();
            // A subtree membership or grant lets the user into every tenant under its own, so the switcher lists those too.
            return [.. held.Select(h => h.TenantId)
                .Concat(held.Where(h => h.Down && tree is not null).SelectMany(h => tree!.AccessHeirs(h.TenantId, _ => true)))
                .Distinct()];
        }
    }

    // The tree as the tenant store holds it now, or null for a store created without one.
    private async Task<TenantTree?> ReadTreeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _readTree is null ? null : new TenantTree(await _readTree(cancellationToken).ConfigureAwait(false));
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

    // A look-up by key, as a request's session and entry checks make them: no closure or delegate per call.
    private ValueTask<TValue?> Find<TKey, TValue>(Dictionary<TKey, TValue> items, TKey key, CancellationToken cancellationToken)
        where TKey : notnull
        where TValue : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(items.GetValueOrDefault(key));
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
