namespace MspHub;

/// <summary>
/// The one <see cref="ICacheControl"/> a transport drives: it hands each change to the cache it concerns (access
/// changes to the permission cache, tenant changes to the tenant cache, a destroyed data key to the vault's data-key
/// cache) and pauses and resumes them all together, so a transport is written once however many caches there are.
/// The vault is optional: without <c>AddTenantVault</c> there are no data keys to drop.
/// </summary>
internal sealed class HubCaches(PermissionEvaluator permissions, TenantCache tenants, VaultDataKeys? dataKeys = null) : ICacheControl
{
    public void Apply(CacheChange change)
    {
        switch (change.Kind)
        {
            case CacheChangeKind.User:
                permissions.InvalidateUser(change.Id);
                break;
            case CacheChangeKind.Tenant:
                permissions.InvalidateTenant(change.Id);
                break;
            case CacheChangeKind.TenantState:
                tenants.Invalidate(change.Id);
                break;
            case CacheChangeKind.VaultDataKey:
                dataKeys?.Forget(change.Id);
                break;
        }
    }

    public void PauseCaching()
    {
        permissions.PauseCaching();
        tenants.PauseCaching();
        dataKeys?.PauseCaching();
    }

    public void ResumeCaching()
    {
        permissions.ResumeCaching();
        tenants.ResumeCaching();
        dataKeys?.ResumeCaching();
    }
}
