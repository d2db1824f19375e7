namespace MspHub;

/// <summary>
/// What an MSP does with tenants: create, rename, suspend, reactivate and delete them. Each operation is one
/// transaction, so a failure leaves nothing half-done, and each is recorded through <see cref="IAuditLog"/> in that transaction.
/// Changes are made to the stored tenant, never to a cached copy. When the database connection fails midway, the
/// operation throws <see cref="StoreConnectionLostException"/>, naming itself, with the provider's exception
/// inside. MspHub.EntityFramework implements it over the host's DbContext.
/// </summary>
public interface ITenantLifecycle
{
    /// <summary>
    /// Creates a tenant: within the licence's tenant limit, under an optional parent (within
    /// <see cref="MspHubOptions.MaxTenantDepth"/>), with the default tenant roles and a shadow membership for
    /// every active member of the admin tenancy.
    /// </summary>
    /// <exception cref="InvalidTenantSlugException">The slug breaks a rule.</exception>
    /// <exception cref="ConflictException">The slug is taken.</exception>
    /// <exception cref="TenantLimitExceededException">The install holds as many tenants as it may.</exception>
    /// <exception cref="TenantNotFoundException">The parent does not exist.</exception>
    /// <exception cref="TenantOperationException">The parent is too deep.</exception>
    Task<Tenant> CreateAsync(string slug, string name, Guid? parentId = null, CancellationToken cancellationToken = default);

    /// <summary>Renames a tenant and changes its slug; pass the current values to keep them.</summary>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="ConflictException">The new slug is taken.</exception>
    Task<Tenant> UpdateAsync(Guid tenantId, string slug, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a tenant, with its whole subtree, under <paramref name="newParentId"/>, or to the top level for
    /// <see langword="null"/>. The cycle and depth checks and the move are one transaction that every other change
    /// to the hierarchy waits for, so concurrent moves can never make a cycle.
    /// </summary>
    /// <exception cref="TenantOperationException">The new parent is the tenant or one of its descendants, or the subtree would end up deeper than <see cref="MspHubOptions.MaxTenantDepth"/>.</exception>
    /// <exception cref="TenantNotFoundException">The tenant or the new parent does not exist.</exception>
    Task<Tenant> MoveAsync(Guid tenantId, Guid? newParentId, CancellationToken cancellationToken = default);

    /// <summary>Suspends a tenant: its requests get 403 "tenant suspended" and its data stays. The admin tenancy cannot be suspended.</summary>
    /// <exception cref="TenantOperationException">The tenant is the admin tenancy, or is being deleted.</exception>
    Task<Tenant> SuspendAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Reactivates a suspended tenant.</summary>
    /// <exception cref="TenantOperationException">The tenant is being deleted; only finishing the deletion moves it on.</exception>
    Task<Tenant> ReactivateAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a tenant and every row it owns, in every tenant-owned table of the context (the host's own
    /// included) and in MspHub's tables, and its logo unless another branding shows it. Users who belonged only to
    /// this tenant are deleted, after the host's rows that may reference them; the others stay, with another tenant
    /// made primary where this one was.
    /// </summary>
    /// <remarks>
    /// The tenant is first fenced: its status becomes <see cref="TenantStatus.Deleting"/> and is committed before
    /// anything is removed, so every node refuses it at once. The removal is then one transaction. If it fails, the
    /// tenant stays fenced with every row in place; deleting it again finishes. Inside a transaction of the
    /// caller's, both steps are part of it, and the fence takes effect when it commits. With tenant placements the
    /// tenant's data in its placement's database goes first, in a transaction of that database (a dedicated database
    /// is dropped): a failure after that step leaves those rows gone and the tenant fenced.
    /// </remarks>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="confirmSlug">The tenant's slug, typed by the person deleting it.</param>
    /// <param name="cancellationToken">Cancels the deletion; the control plane's removal is never left half done (the tenant may stay fenced).</param>
    /// <exception cref="TenantOperationException">The slug does not match; or the tenant is the admin tenancy, the caller's current tenant, has child tenants, or is being moved between placement databases.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    Task<TenantDeletionReport> DeleteAsync(Guid tenantId, string confirmSlug, CancellationToken cancellationToken = default);
}
