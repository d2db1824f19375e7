namespace MspHub;

/// <summary>The rules every <see cref="ITenantStore.UpdateAsync"/> applies to a change, in one place for every store.</summary>
public static class TenantChanges
{
    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="current"/> and returns the result, refusing changes a
    /// store must not make: the id and creation time never change, and the admin-tenancy flag moves only through
    /// <see cref="ITenantStore.DesignateAdminTenancyAsync"/> (so an old copy can never bring back a second one).
    /// </summary>
    /// <exception cref="TenantOperationException">The change alters the id, the creation time or the admin-tenancy flag.</exception>
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

        return changed;
    }
}
