namespace MspHub;

/// <summary>
/// Thrown by code that checks a permission itself, outside an endpoint policy (a page handler, a service
/// shared by pages and an API, a background job), when the caller lacks it in the active tenant. ASP.NET Core
/// hosts answer it with 403, as they answer a failed endpoint policy.
/// </summary>
public sealed class PermissionDeniedException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="permission"/>, denied in the tenant <paramref name="tenantSlug"/>.</summary>
    public PermissionDeniedException(Permission permission, string tenantSlug)
        : base($"You do not hold '{permission}' in tenant '{tenantSlug}'. Nothing was changed.")
    {
        Permission = permission;
        TenantSlug = tenantSlug;
    }

    /// <summary>The permission the caller lacks.</summary>
    public Permission Permission { get; }

    /// <summary>The tenant the check was made in.</summary>
    public string TenantSlug { get; }
}
