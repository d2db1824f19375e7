namespace MspHub.SampleHub.Hosting;

/// <summary>The hub's permission catalog and the roles every new tenant starts with.</summary>
public static class HubPermissions
{
    public static void Declare(PermissionCatalogBuilder permissions)
    {
        foreach (var resource in Perm.TenantResources)
        {
            permissions.Resource(resource).Actions(PermissionActions.All);
        }

        permissions
            .Resource("summary").Action(PermissionActions.View)
            .Resource("branding").Action(PermissionActions.Update)
            .Resource("api-keys").Action("generate", sensitive: true)
            .Resource("audit").Action(PermissionActions.View)
            .Resource("access").Action("consent", sensitive: true) // who approves a technician's elevation: never a technician
            .Resource("users").Action(PermissionActions.View).Action(PermissionActions.Update, sensitive: true)
            .Resource("tenants", mspLevel: true).Actions(PermissionActions.All)
            .Resource("technicians", mspLevel: true).Actions(PermissionActions.View, PermissionActions.Update)
            .Resource("licence", mspLevel: true).Actions(PermissionActions.View, PermissionActions.Update);
    }

    /// <summary>Every tenant-level permission: what a tenant's Admin role holds and the most a technician can be granted.</summary>
    public static IReadOnlyList<string> AllTenantLevel { get; } =
        [.. Perm.TenantResources.SelectMany(r => PermissionActions.All.Select(a => $"{r}.{a}")), Perm.SummaryView, Perm.BrandingUpdate, Perm.AuditView];

    /// <summary>Managing the tenant's users, roles and invitations: the Admin role's on top of <see cref="AllTenantLevel"/>, never a technician's.</summary>
    public static IReadOnlyList<string> UserManagement { get; } = [Perm.UsersView, Perm.UsersUpdate];

    public static IReadOnlyList<string> ViewOnly { get; } = [.. Perm.TenantResources.Select(r => $"{r}.{PermissionActions.View}"), Perm.SummaryView];

    public static MspHubBuilder AddDefaultRoles(this MspHubBuilder hub) => hub
        .AddDefaultTenantRole("Admin", [.. AllTenantLevel, .. UserManagement])
        .AddDefaultTenantRole("Viewer", ViewOnly);
}
