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
    private long _generation;

    public ValueTask<PermissionSet> GetPermissionsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached) ? new(cached) : LoadAsync(userId, tenantId, cancellationToken);

    public ValueTask<bool> HasPermissionAsync(Guid userId, Guid tenantId, PermissionId permission, CancellationToken cancellationToken = default) =>
        TryGetFresh(userId, tenantId, out var cached)
            ? new(cached.Contains(permission))
            : CheckSlowAsync(userId, tenantId, permission, cancellationToken);

    public void InvalidateUser(Guid userId) => Invalidate(key => key.User == userId);

    public void InvalidateTenant(Guid tenantId) => Invalidate(key => key.Tenant == tenantId);

    private bool TryGetFresh(Guid userId, Guid tenantId, out PermissionSet permissions)
    {
        if (_cache.TryGetValue((userId, tenantId), out var entry) && entry.ExpiresAt > _clock.NowMilliseconds)
        {
            permissions = entry.Permissions;
            return true;
        }

        permissions = null!;
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
        (await LoadAsync(userId, tenantId, cancellationToken).ConfigureAwait(false)).Contains(permission);

    private async ValueTask<PermissionSet> LoadAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        AccessFacts facts;
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            facts = await scope.ServiceProvider.GetRequiredService<IAccessStore>().GetAccessFactsAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        }

        var permissions = EffectivePermissions.Compile(facts, catalog);
        if (Volatile.Read(ref _generation) == generation)
        {
            if (_cache.Count >= _capacity)
            {
                _cache.Clear();
            }

            var key = (userId, tenantId);
            var entry = new Entry(permissions, _clock.NowMilliseconds + _ttl);
            _cache[key] = entry;

            // An invalidation that ran between the check above and the insert may have missed this entry.
            if (Volatile.Read(ref _generation) != generation)
            {
                _cache.TryRemove(KeyValuePair.Create(key, entry));
            }
        }

        return permissions;
    }

    private sealed record Entry(PermissionSet Permissions, long ExpiresAt);
}
