namespace MspHub;

/// <summary>
/// The one <see cref="ICacheControl"/> a transport drives: it hands each change to the cache it concerns (access
/// changes to the permission cache, tenant changes to the tenant cache, a destroyed data key to the vault's data-key
/// cache, a placement change to the placement cache) and pauses and resumes them all together, so a transport is
/// written once however many caches there are. The vault and placements are optional: without <c>AddTenantVault</c>
/// there are no data keys to drop, without <c>AddTenantPlacements</c> no placements.
/// </summary>
internal sealed class HubCaches(PermissionEvaluator permissions, TenantCache tenants, VaultDataKeys? dataKeys = null, PlacementCache? placements = null)
    : ICacheControl
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
            case CacheChangeKind.Placement:
                placements?.Invalidate(change.Id);
                break;
        }
    }

    public void PauseCaching()
    {
        permissions.PauseCaching();
        tenants.PauseCaching();
        dataKeys?.PauseCaching();
        placements?.PauseCaching();
    }

    public void ResumeCaching()
    {
        permissions.ResumeCaching();
        tenants.ResumeCaching();
        dataKeys?.ResumeCaching();
        placements?.ResumeCaching();
    }
}
