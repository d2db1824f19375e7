using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="IPermissionEvaluator"/>: a singleton cache of permission sets by (user, tenant),
/// filled from the registered <see cref="IAccessStore"/> on a miss and bounded by <see cref="BoundedCache{TKey, TValue}"/>.
/// An entry lives <see cref="AccessCacheOptions.Duration"/>, or less when a technician grant it counts expires sooner.
/// Each entry keeps the tenant's ancestry as read with its facts, so a tenant-wide invalidation also drops the entries
/// of every tenant under it (roles inherited from it, a branch moved) while a warm check stays one lookup.
/// A cross-node transport drives it through <see cref="HubCaches"/>.
/// </summary>
internal sealed class PermissionEvaluator(
    PermissionCatalog catalog, IServiceScopeFactory scopeFactory, IOptions<MspHubOptions> options, TimeProvider time, MspHubTelemetry telemetry)
    : IPermissionEvaluator
{
    private static readonly Func<(Guid User, Guid Tenant), CachedAccess, Guid, bool> OfUser = static (key, _, user) => key.User == user;
    private static readonly Func<(Guid User, Guid Tenant), CachedAccess, Guid, bool> InSubtree =
        static (key, cached, tenant) => key.Tenant == tenant || cached.Ancestry.Contains(tenant);

    private readonly long _ttl = (long)options.Value.AccessCache.Duration.TotalMilliseconds;
    private readonly TimeProvider _time = time;
    private readonly BoundedCache<(Guid User, Guid Tenant), CachedAccess> _cache = new(options.Value.AccessCache.MaxEntries, new MonotonicClock(time));

    // The highest access version seen per user, kept as long as the entries it guards.
    private readonly BoundedCache<Guid, long> _latestVersions = new(options.Value.AccessCache.MaxEntries, new MonotonicClock(time));
    private readonly CacheFence _fence = new();

    public ValueTask<PermissionSet> GetPermissionsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached) ? new(cached.Permissions) : PermissionsSlowAsync(userId, tenantId, cancellationToken);

    public async ValueTask<IReadOnlyList<PermissionSet>> GetPermissionsAsync(Guid userId, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        var sets = new PermissionSet[tenantIds.Count];
        List<int>? missing = null;
        for (var i = 0; i < sets.Length; i++)
        {
            if (TryGetFresh(userId, tenantIds[i], out var cached))
            {
                sets[i] = cached.Permissions;
            }
            else
            {
                (missing ??= []).Add(i);
            }
        }

        if (missing is not null)
        {
            var generation = _fence.Generation;
            IReadOnlyList<AccessFacts> facts;
            var scope = scopeFactory.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                facts = await scope.ServiceProvider.GetRequiredService<IAccessStore>()
                    .GetAccessFactsAsync(userId, [.. missing.Select(i => tenantIds[i])], cancellationToken).ConfigureAwait(false);
            }

            for (var m = 0; m < missing.Count; m++)
            {
                sets[missing[m]] = Remember(userId, tenantIds[missing[m]], facts[m], generation).Permissions;
            }
        }

        return sets;
    }

    public ValueTask<TenantAccess> GetAccessAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached) ? new(cached) : LoadAsync(userId, tenantId, cancellationToken);

    public ValueTask<TenantAccess> RefreshAccessAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        LoadAsync(userId, tenantId, cancellationToken);

    public ValueTask<bool> HasPermissionAsync(Guid userId, Guid tenantId, PermissionId permission, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached)
            ? new(cached.Permissions.Contains(permission))
            : CheckSlowAsync(userId, tenantId, permission, cancellationToken);

    public void InvalidateUser(Guid userId) => Invalidate(OfUser, userId);

    public void InvalidateTenant(Guid tenantId) => Invalidate(InSubtree, tenantId);

    /// <summary>Forgets every entry and caches nothing until <see cref="ResumeCaching"/> (<see cref="ICacheControl.PauseCaching"/>).</summary>
    public void PauseCaching() => _fence.Pause(Forget);

    /// <summary>Forgets every entry and caches again (<see cref="ICacheControl.ResumeCaching"/>).</summary>
    public void ResumeCaching() => _fence.Resume(Forget);

    private void Forget()
    {
        _fence.Advance();
        _cache.RemoveAll();
        _latestVersions.RemoveAll();
    }

    private bool TryGetFresh(Guid userId, Guid tenantId, out TenantAccess access)
    {
        var hit = _cache.TryGet((userId, tenantId), out var cached);
        telemetry.CacheLookup("permission", hit);
        access = cached.Access;
        return hit;
    }

    // Advancing the fence first drops any load already in flight, so it cannot cache what was just revoked.
    private void Invalidate(Func<(Guid User, Guid Tenant), CachedAccess, Guid, bool> affected, Guid id)
    {
        _fence.Advance();
        _cache.RemoveWhere((key, cached) => affected(key, cached, id));
    }

    private async ValueTask<bool> CheckSlowAsync(Guid userId, Guid tenantId, PermissionId permission, CancellationToken cancellationToken) =>
        (await LoadAsync(userId, tenantId, cancellationToken).ConfigureAwait(false)).Permissions.Contains(permission);

    private async ValueTask<PermissionSet> PermissionsSlowAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken) =>
        (await LoadAsync(userId, tenantId, cancellationToken).ConfigureAwait(false)).Permissions;

    private async ValueTask<TenantAccess> LoadAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken)
    {
        var generation = _fence.Generation;
        AccessFacts facts;
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            facts = await scope.ServiceProvider.GetRequiredService<IAccessStore>().GetAccessFactsAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        }

        return Remember(userId, tenantId, facts, generation);
    }

    // Compiles what the store said and caches it, unless an invalidation overtook the load that started at generation.
    private TenantAccess Remember(Guid userId, Guid tenantId, AccessFacts facts, long generation)
    {
        var access = new TenantAccess(EffectivePermissions.Compile(facts, catalog), facts.AccessVersion)
        {
            ThroughTechnicianGrant = EffectivePermissions.ThroughTechnicianGrant(facts),
            UserInactive = !facts.IsActive,
        };

        // A newer version than any seen for this user means their access changed elsewhere: every entry of
        // theirs cached before is outdated, whichever tenant it is for. Only a rise costs a sweep.
        var seen = _latestVersions.TryGet(userId, out var known);
        if (!seen || access.AccessVersion > known)
        {
            _latestVersions.Set(userId, access.AccessVersion, _ttl);
        }

        if (seen && access.AccessVersion > known)
        {
            InvalidateUser(userId);
        }

        // A grant that ends by itself raises no access version, so its entry must not outlive it.
        var ttl = facts.ValidUntil is { } until ? Math.Min(_ttl, (long)(until - _time.GetUtcNow()).TotalMilliseconds) : _ttl;
        if (ttl > 0 && _fence.MayFill(generation))
        {
            _fence.DropIfOvertaken(_cache, _cache.Set((userId, tenantId), new CachedAccess(access, facts.Ancestry), ttl), generation);
        }

        return access;
    }

    // What a cache entry holds: the access, and the ancestors it was computed under (read once, with the facts).
    private readonly record struct CachedAccess(TenantAccess Access, IReadOnlyList<Guid> Ancestry);
}
