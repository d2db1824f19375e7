namespace MspHub;

/// <summary>
/// Reads through <see cref="TenantCache"/> to the registered store and invalidates the cache on every
/// write made through it, after the write and again when a transaction it ran in ends. Registered in front
/// of every store unless the cache is disabled.
/// </summary>
internal sealed class CachingTenantStore(TenantCache cache, ITenantStore inner) : ITenantStore
{
    public ValueTask<Tenant?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default) =>
        cache.TryGet(id, out var cached) ? new(cached) : LoadAsync(id, cancellationToken);

    public ValueTask<Tenant?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slug);
        if (!TenantSlug.CouldMatch(slug))
        {
            return new((Tenant?)null);
        }

        return cache.TryGet(slug, out var cached) ? new(cached) : LoadAsync(slug, cancellationToken);
    }

    public Task<PagedResult<Tenant>> ListAsync(TenantQuery query, CancellationToken cancellationToken = default) =>
        inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<TenantNode>> ListTreeAsync(CancellationToken cancellationToken = default) => inner.ListTreeAsync(cancellationToken);

    public Task<TenantCount> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public ValueTask<TenantStatus?> FindStatusAsync(Guid id, CancellationToken cancellationToken = default) =>
        inner.FindStatusAsync(id, cancellationToken);

    public async Task AddAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await inner.AddAsync(tenant, cancellationToken).ConfigureAwait(false);
        Forget(tenant);
    }

    public async Task<Tenant> UpdateAsync(Guid id, Func<Tenant, Tenant> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        Tenant? previous = null;
        var changed = await inner.UpdateAsync(id, current => change(previous = current), cancellationToken).ConfigureAwait(false);
        Forget(changed, previous);
        return changed;
    }

    public async Task<IReadOnlyList<Guid>> DesignateAdminTenancyAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var previous = await inner.DesignateAdminTenancyAsync(id, cancellationToken).ConfigureAwait(false);
        cache.Clear();
        AfterTransaction(cache.Clear);
        return previous;
    }

    public async Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var previous = await inner.FindByIdAsync(id, cancellationToken).ConfigureAwait(false);
        var removed = await inner.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
        if (previous is not null)
        {
            Forget(previous);
        }

        return removed;
    }

    // Forgets the tenants now, and again when the inner store's transaction ends: a read between the write
    // and the commit still sees the old row and may cache it; the second invalidation drops it.
    private void Forget(Tenant tenant, Tenant? previous = null)
    {
        void Invalidate()
        {
            cache.Invalidate(tenant);
            if (previous is not null)
            {
                cache.Invalidate(previous);
            }
        }

        Invalidate();
        AfterTransaction(Invalidate);
    }

    private void AfterTransaction(Action callback)
    {
        if (inner is ITransactionalStore transactional)
        {
            transactional.AfterTransaction(callback);
        }
    }

    private bool ReadsUncommitted => inner is ITransactionalStore { IsInTransaction: true };

    private async ValueTask<Tenant?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var generation = cache.Generation;
        var found = await inner.FindByIdAsync(id, cancellationToken).ConfigureAwait(false);
        if (!ReadsUncommitted)
        {
            cache.Fill(id, found, generation);
        }

        return found;
    }

    private async ValueTask<Tenant?> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var generation = cache.Generation;
        var found = await inner.FindBySlugAsync(slug, cancellationToken).ConfigureAwait(false);
        if (!ReadsUncommitted)
        {
            cache.Fill(slug, found, generation);
        }

        return found;
    }
}
