namespace MspHub.Abstractions.Tests;

/// <summary>A real in-memory store that counts the look-ups reaching it, to prove what the cache absorbs.</summary>
internal sealed class CountingTenantStore(InMemoryTenantStore inner) : ITenantStore
{
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public ValueTask<Tenant?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindByIdAsync(id, cancellationToken);
    }

    public ValueTask<Tenant?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lookups);
        return inner.FindBySlugAsync(slug, cancellationToken);
    }

    public Task<PagedResult<Tenant>> ListAsync(TenantQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<TenantNode>> ListTreeAsync(CancellationToken cancellationToken = default) => inner.ListTreeAsync(cancellationToken);

    public Task<TenantCount> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task AddAsync(Tenant tenant, CancellationToken cancellationToken = default) => inner.AddAsync(tenant, cancellationToken);

    public Task<Tenant> UpdateAsync(Guid id, Func<Tenant, Tenant> change, CancellationToken cancellationToken = default) => inner.UpdateAsync(id, change, cancellationToken);

    public ValueTask<TenantStatus?> FindStatusAsync(Guid id, CancellationToken cancellationToken = default) => inner.FindStatusAsync(id, cancellationToken);

    public Task<IReadOnlyList<Guid>> DesignateAdminTenancyAsync(Guid id, CancellationToken cancellationToken = default) => inner.DesignateAdminTenancyAsync(id, cancellationToken);

    public Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default) => inner.RemoveAsync(id, cancellationToken);
}
