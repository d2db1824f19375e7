namespace MspHub;

/// <summary>
/// The one <see cref="ICacheControl"/> a transport drives: it hands each change to the cache it concerns (access
/// changes to the permission cache, tenant changes to the tenant cache) and pauses and resumes both together, so a
/// transport is written once however many caches there are.
/// </summary>
internal sealed class HubCaches(PermissionEvaluator permissions, TenantCache tenants) : ICacheControl
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
        }
    }

    public void PauseCaching()
    {
        permissions.PauseCaching();
        tenants.PauseCaching();
    }

    public void ResumeCaching()
    {
        permissions.ResumeCaching();
        tenants.ResumeCaching();
    }
}
