namespace MspHub;

/// <summary>The rules every <see cref="ITenantStore.UpdateAsync"/> applies to a change, in one place for every store.</summary>
public static class TenantChanges
{
    // Set only by ITenantLifecycle.MoveAsync, around its one write, after the cycle, depth and consent checks it makes
    // under the hierarchy lock. An async local set inside an async method never flows back out to its caller.
    private static readonly AsyncLocal<bool> Moving = new();

    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="current"/> and returns the result, refusing changes a
    /// store must not make: the id and creation time never change; the admin-tenancy flag moves only through
    /// <see cref="ITenantStore.DesignateAdminTenancyAsync"/> (so an old copy can never bring back a second one); the
    /// parent changes only through <c>ITenantLifecycle.MoveAsync</c>, which checks the tree and moves access with it;
    /// a tenant being deleted does not change; and the admin tenancy stays active and at the top of the tree.
    /// </summary>
    /// <exception cref="TenantOperationException">The change breaks one of those rules.</exception>
    public static Tenant Apply(Tenant current, Func<Tenant, Tenant> change)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        var changed = change(current) ?? throw new ArgumentException("A tenant change must return the changed tenant.", nameof(change));
        if (changed.Id != current.Id || changed.CreatedAt != current.CreatedAt)
        {
            throw new TenantOperationException($"A change to tenant '{current.Slug}' tried to alter its id or creation time, which never change.");
        }

        if (changed.IsAdminTenancy != current.IsAdminTenancy)
        {
            throw new TenantOperationException(
                $"A change to tenant '{current.Slug}' tried to alter its admin-tenancy flag; designate the admin tenancy instead, which moves the flag in one step.");
        }

        if (changed.ParentId != current.ParentId && !Moving.Value)
        {
            throw new TenantOperationException(
                $"A change to tenant '{current.Slug}' tried to alter its parent; move it with ITenantLifecycle.MoveAsync, which checks the tree and moves access with it.");
        }

        if (current.Status == TenantStatus.Deleting && changed != current)
        {
            RefuseDeleting(current);
        }

        return changed.IsAdminTenancy ? RefuseAsAdminTenancy(changed) : changed;
    }

    /// <summary>Refuses a tenant being deleted, which changes no more and takes part in nothing.</summary>
    internal static Tenant RefuseDeleting(Tenant tenant) => tenant.Status == TenantStatus.Deleting
        ? throw new TenantOperationException($"'{tenant.Slug}' is being deleted; delete it again to finish.")
        : tenant;

    /// <summary>
    /// Refuses a tenant that cannot be the admin tenancy: the MSP's own tenancy is active and at the top of the tree.
    /// A store's <see cref="ITenantStore.DesignateAdminTenancyAsync"/> checks the tenant it designates with it.
    /// </summary>
    /// <returns><paramref name="tenant"/>, when it may be the admin tenancy.</returns>
    /// <exception cref="TenantOperationException">The tenant is under another tenant, suspended or being deleted.</exception>
    public static Tenant RefuseAsAdminTenancy(Tenant tenant) =>
        tenant is null ? throw new ArgumentNullException(nameof(tenant))
        : tenant.ParentId is not null ? throw new TenantOperationException($"The admin tenancy stays at the top of the tree, so '{tenant.Slug}' cannot be both the admin tenancy and under another tenant.")
        : tenant.Status == TenantStatus.Suspended ? throw new TenantOperationException($"The admin tenancy stays active, so '{tenant.Slug}' cannot be both the admin tenancy and suspended (that would lock the MSP out).")
        : tenant.Status != TenantStatus.Active ? throw new TenantOperationException($"The admin tenancy stays active, so '{tenant.Slug}' cannot be both the admin tenancy and being deleted.")
        : tenant;

    /// <summary>Moves the tenant under <paramref name="parentId"/> through <paramref name="store"/>: for <c>ITenantLifecycle.MoveAsync</c> only, once it has checked the move.</summary>
    internal static async Task<Tenant> MoveAsync(ITenantStore store, Guid tenantId, Guid? parentId, CancellationToken cancellationToken)
    {
        Moving.Value = true;
        return await store.UpdateAsync(tenantId, t => RefuseDeleting(t) with { ParentId = parentId }, cancellationToken).ConfigureAwait(false);
    }
}
