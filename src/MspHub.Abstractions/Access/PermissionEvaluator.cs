using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="IPermissionEvaluator"/>: a singleton cache of permission sets by (user, tenant),
/// filled from the registered <see cref="IAccessStore"/> on a miss.
/// </summary>
internal sealed class PermissionEvaluator(PermissionCatalog catalog, IServiceScopeFactory scopeFactory, IOptions<MspHubOptions> options, TimeProvider time)
    : IPermissionEvaluator
{
    private readonly ConcurrentDictionary<(Guid User, Guid Tenant), Entry> _cache = new();
    private readonly int _capacity = options.Value.AccessCache.MaxEntries;
    private readonly long _ttl = (long)options.Value.AccessCache.Duration.TotalMilliseconds;
    private readonly MonotonicClock _clock = new(time);
    private readonly ConcurrentDictionary<Guid, long> _latestVersions = new();
    private long _generation;

    public ValueTask<PermissionSet> GetPermissionsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached) ? new(cached.Permissions) : PermissionsSlowAsync(userId, tenantId, cancellationToken);

    public ValueTask<TenantAccess> GetAccessAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached) ? new(cached) : LoadAsync(userId, tenantId, cancellationToken);

    public ValueTask<bool> HasPermissionAsync(Guid userId, Guid tenantId, PermissionId permission, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached)
            ? new(cached.Permissions.Contains(permission))
            : CheckSlowAsync(userId, tenantId, permission, cancellationToken);

    public void InvalidateUser(Guid userId) => Invalidate(key => key.User == userId);

    public void InvalidateTenant(Guid tenantId) => Invalidate(key => key.Tenant == tenantId);

    private bool TryGetFresh(Guid userId, Guid tenantId, out TenantAccess access)
    {
        if (_cache.TryGetValue((userId, tenantId), out var entry) && entry.ExpiresAt > _clock.NowMilliseconds)
        {
            access = entry.Access;
            return true;
        }

        access = default;
        return false;
    }

    // Bumping the generation first drops any load already in flight, so it cannot cache what was just revoked.
    private void Invalidate(Func<(Guid User, Guid Tenant), bool> affected)
    {
        Interlocked.Increment(ref _generation);
        foreach (var key in _cache.Keys)
        {
            if (affected(key))
            {
                _cache.TryRemove(key, out _);
            }
        }
    }

    private async ValueTask<bool> CheckSlowAsync(Guid userId, Guid tenantId, PermissionId permission, CancellationToken cancellationToken) =>
        (await LoadAsync(userId, tenantId, cancellationToken).ConfigureAwait(false)).Permissions.Contains(permission);

    private async ValueTask<PermissionSet> PermissionsSlowAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken) =>
        (await LoadAsync(userId, tenantId, cancellationToken).ConfigureAwait(false)).Permissions;

    private async ValueTask<TenantAccess> LoadAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        AccessFacts facts;
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            facts = await scope.ServiceProvider.GetRequiredService<IAccessStore>().GetAccessFactsAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        }

        var access = new TenantAccess(EffectivePermissions.Compile(facts, catalog), facts.AccessVersion);

        // A newer version than any seen for this user means their access changed elsewhere: every entry of
        // theirs cached before is outdated, whichever tenant it is for. Only a rise costs a sweep.
        var seen = _latestVersions.TryGetValue(userId, out var known);
        _latestVersions.AddOrUpdate(userId, access.AccessVersion, (_, latest) => Math.Max(latest, access.AccessVersion));
        if (seen && access.AccessVersion > known)
        {
            InvalidateUser(userId);
        }

        if (Volatile.Read(ref _generation) == generation)
        {
            if (_cache.Count >= _capacity)
            {
                _cache.Clear();
                _latestVersions.Clear();
            }

            var key = (userId, tenantId);
            var entry = new Entry(access, _clock.NowMilliseconds + _ttl);
            _cache[key] = entry;

            // An invalidation that ran between the check above and the insert may have missed this entry.
            if (Volatile.Read(ref _generation) != generation)
            {
                _cache.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        return access;
    }

    private sealed record Entry(TenantAccess Access, long ExpiresAt);
}
