namespace MspHub;

/// <summary>
/// A thread-safe <see cref="ITenantStore"/> in process memory, for tests, demos and small hosts whose
/// tenants are configured rather than created at run time. Its contents are lost on restart.
/// </summary>
public sealed class InMemoryTenantStore : ITenantStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Tenant> _byId = [];
    private readonly Dictionary<string, Tenant> _bySlug = new(StringComparer.OrdinalIgnoreCase);
    private readonly ITenantLimit? _limit;

    /// <summary>Creates an empty store.</summary>
    public InMemoryTenantStore()
    {
    }

    /// <summary>Creates a store holding <paramref name="tenants"/>, which may add more only within <paramref name="limit"/>.</summary>
    /// <param name="tenants">The tenants to start with; the limit does not apply to them.</param>
    /// <param name="limit">The install's tenant limit, or <see langword="null"/> for none.</param>
    /// <exception cref="ConflictException">Two of the tenants share an id or slug.</exception>
    public InMemoryTenantStore(IEnumerable<Tenant> tenants, ITenantLimit? limit = null)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        foreach (var tenant in tenants)
        {
            Insert(tenant, max: null);
        }

        _limit = limit;
    }

    /// <inheritdoc />
    public ValueTask<Tenant?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_byId.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<Tenant?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slug);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_bySlug.GetValueOrDefault(slug));
        }
    }

    /// <inheritdoc />
    public Task<PagedResult<Tenant>> ListAsync(TenantQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        Tenant[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _byId.Values];
        }

        var matching = query.Filter(snapshot.AsQueryable());
        var page = query.SortAndPage(matching).ToList();
        return Task.FromResult(new PagedResult<Tenant>(page, matching.Count(), query.Page, query.PageSize));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TenantNode>> ListTreeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TenantNode>>([.. _byId.Values.Select(t => new TenantNode(t.Id, t.ParentId, t.Name) { IsAdminTenancy = t.IsAdminTenancy })]);
        }
    }

    /// <inheritdoc />
    public Task<TenantCount> CountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(new TenantCount(_byId.Count, _limit?.MaxTenants));
        }
    }

    /// <inheritdoc />
    public Task AddAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        cancellationToken.ThrowIfCancellationRequested();
        Insert(tenant.IsAdminTenancy ? TenantChanges.RefuseAsAdminTenancy(tenant) : tenant, _limit?.MaxTenants);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Tenant> UpdateAsync(Guid id, Func<Tenant, Tenant> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var current = _byId.GetValueOrDefault(id) ?? throw new TenantNotFoundException(id.ToString());
            var changed = TenantChanges.Apply(current, change);
            if (_bySlug.TryGetValue(changed.Slug, out var holder) && holder.Id != id)
            {
                throw new ConflictException("tenant", "slug", changed.Slug);
            }

            _bySlug.Remove(current.Slug);
            _bySlug[changed.Slug] = changed;
            _byId[id] = changed;
            return Task.FromResult(changed);
        }
    }

    /// <inheritdoc />
    public ValueTask<TenantStatus?> FindStatusAsync(Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_byId.GetValueOrDefault(id)?.Status);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Guid>> DesignateAdminTenancyAsync(Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            TenantChanges.RefuseAsAdminTenancy(_byId.TryGetValue(id, out var candidate) ? candidate : throw new TenantNotFoundException(id.ToString()));

            var previous = new List<Guid>();
            foreach (var tenant in _byId.Values.Where(t => t.IsAdminTenancy != (t.Id == id)).ToList())
            {
                var changed = tenant with { IsAdminTenancy = tenant.Id == id };
                _byId[tenant.Id] = changed;
                _bySlug[tenant.Slug] = changed;
                if (tenant.IsAdminTenancy)
                {
                    previous.Add(tenant.Id);
                }
            }

            return Task.FromResult<IReadOnlyList<Guid>>(previous);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_byId.Remove(id, out var removed))
            {
                return Task.FromResult(false);
            }

            _bySlug.Remove(removed.Slug);
            return Task.FromResult(true);
        }
    }

    private void Insert(Tenant tenant, int? max)
    {
        lock (_lock)
        {
            if (_byId.Count >= max)
            {
                throw new TenantLimitExceededException(_byId.Count, max.Value, _limit?.MaxTenantsReason);
            }

            if (_byId.ContainsKey(tenant.Id))
            {
                throw new ConflictException("tenant", "id", tenant.Id.ToString());
            }

            if (_bySlug.ContainsKey(tenant.Slug))
            {
                throw new ConflictException("tenant", "slug", tenant.Slug);
            }

            // An install has one admin tenancy; another is designated, never added beside it.
            if (tenant.IsAdminTenancy && _byId.Values.FirstOrDefault(t => t.IsAdminTenancy) is { } holder)
            {
                throw new ConflictException("admin tenancy", "tenant", holder.Slug);
            }

            _bySlug.Add(tenant.Slug, tenant);

            _byId.Add(tenant.Id, tenant);
        }
    }
}
