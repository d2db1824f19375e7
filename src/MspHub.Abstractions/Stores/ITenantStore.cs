namespace MspHub;

/// <summary>
/// Where tenants are kept. MspHub ships an in-memory store (<see cref="InMemoryTenantStore"/>) and, in
/// MspHub.EntityFramework, an EF Core one; resolution reads through a bounded cache in front of
/// whichever is registered.
/// </summary>
/// <remarks>
/// Stores persist; they do not enforce lifecycle rules beyond unique ids and slugs (hierarchy and
/// admin-tenancy rules belong to the services that change tenants). Slug look-ups ignore case.
/// </remarks>
public interface ITenantStore
{
    /// <summary>Finds a tenant by id.</summary>
    /// <returns>The tenant, or <see langword="null"/> when there is none with that id.</returns>
    ValueTask<Tenant?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Finds a tenant by slug, ignoring case.</summary>
    /// <returns>The tenant, or <see langword="null"/> when there is none with that slug.</returns>
    ValueTask<Tenant?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default);

    /// <summary>Lists tenants matching <paramref name="query"/>, one page at a time.</summary>
    Task<PagedResult<Tenant>> ListAsync(TenantQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every tenant's place in the tree (id, parent, name) in one read, for depths, paths and subtrees without one
    /// query per tenant or per level. Read from the store, never from a cache, so a move made on another node counts.
    /// </summary>
    Task<IReadOnlyList<TenantNode>> ListTreeAsync(CancellationToken cancellationToken = default);

    /// <summary>How many tenants exist, against the install's <see cref="ITenantLimit"/>.</summary>
    Task<TenantCount> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="tenant"/>, within the install's <see cref="ITenantLimit"/>.</summary>
    /// <exception cref="ConflictException">A tenant with the same id or slug exists.</exception>
    /// <exception cref="TenantLimitExceededException">The install already holds as many tenants as it may.</exception>
    Task AddAsync(Tenant tenant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the tenant with <paramref name="id"/>: reads it from where tenants are kept (never from a cache),
    /// applies <paramref name="change"/> and writes only the fields that changed, provided nobody wrote the
    /// tenant in between; if someone did, reads it again and reapplies the change. So a change made from an
    /// old copy cannot undo another (a feature switched off on one node never lifts a suspension made on
    /// another). Use <see cref="TenantChanges.Apply"/> to apply the change.
    /// </summary>
    /// <param name="id">The tenant.</param>
    /// <param name="change">
    /// Returns the changed tenant from the current one; may run more than once, so it must only compute.
    /// It may throw to refuse the change (a lifecycle rule, say); nothing is written then.
    /// </param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The tenant as stored after the change.</returns>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="ConflictException">Another tenant already has the new slug, or the tenant kept changing under concurrent writers.</exception>
    /// <exception cref="TenantOperationException">
    /// The change breaks a rule of <see cref="TenantChanges.Apply"/>: it alters the id, the creation time, the admin-tenancy
    /// flag or the parent (move a tenant with <c>ITenantLifecycle.MoveAsync</c>), changes a tenant being deleted, or
    /// suspends the admin tenancy.
    /// </exception>
    Task<Tenant> UpdateAsync(Guid id, Func<Tenant, Tenant> change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the status of the tenant with <paramref name="id"/> from where tenants are kept, never from a cache:
    /// entry checks call it on every request, so a suspension or a deletion takes effect on every node at once.
    /// </summary>
    /// <returns>The status, or <see langword="null"/> when there is no tenant with that id.</returns>
    ValueTask<TenantStatus?> FindStatusAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the tenant with <paramref name="id"/> the install's admin tenancy and clears the flag on every
    /// other tenant, in one step, so there is never none and never two.
    /// </summary>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="TenantOperationException">
    /// The tenant is suspended, being deleted or under another tenant: the admin tenancy stays active and at the top of
    /// the tree (<see cref="TenantChanges.RefuseAsAdminTenancy"/>).
    /// </exception>
    /// <returns>
    /// The tenants that were the admin tenancy until now, read in the same step, so a caller acting on their members
    /// (whose access changes with the designation) acts on the tenancies it replaced, whatever ran alongside.
    /// </returns>
    /// <exception cref="ConflictException">The tenant changed while it was being designated.</exception>
    Task<IReadOnlyList<Guid>> DesignateAdminTenancyAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Removes the tenant with <paramref name="id"/>.</summary>
    /// <returns><see langword="true"/> if a tenant was removed; <see langword="false"/> if there was none.</returns>
    Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default);
}
