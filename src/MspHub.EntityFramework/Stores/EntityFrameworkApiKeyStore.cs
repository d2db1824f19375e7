using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IApiKeyStore"/> over the <c>api_keys</c> table; keys are records, so nothing stays tracked. Under
/// row-level security a key is found by its prefix before any tenant is known, and prefixes are unique across
/// tenants, so those two reach every tenant; listing and revoking reach only the tenant named.
/// </summary>
internal sealed class EntityFrameworkApiKeyStore<TContext>(TContext context) : IApiKeyStore
    where TContext : DbContext
{
    private IQueryable<ApiKey> Keys => context.Set<ApiKey>().AsNoTracking();

    public async Task AddAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var scope = StoreScope.AllTenants();
        await StoreWrites.InsertAsync(context, key, async ct =>
            await Keys.AnyAsync(k => k.Id == key.Id, ct).ConfigureAwait(false) ? new ConflictException("API key", "id", key.Id.ToString())
            : await Keys.AnyAsync(k => k.Prefix == key.Prefix, ct).ConfigureAwait(false) ? new ConflictException("API key", "prefix", key.Prefix)
            : null,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ApiKey?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        using var scope = StoreScope.AllTenants();
        return await Keys.FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Keys.Where(k => k.TenantId == tenantId).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RevokeAsync(Guid tenantId, Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await context.Set<ApiKey>().Where(k => k.Id == id && k.TenantId == tenantId && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, at), cancellationToken).ConfigureAwait(false) == 1;
    }
}
