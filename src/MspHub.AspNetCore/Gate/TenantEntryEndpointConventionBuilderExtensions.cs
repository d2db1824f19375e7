using Microsoft.AspNetCore.Builder;

namespace MspHub.AspNetCore;

/// <summary>Protects minimal API endpoints and route groups with entry to the active tenant.</summary>
public static class TenantEntryEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires a signed-in caller whom <see cref="ITenantGate"/> lets into the active tenant, with no particular
    /// permission: for endpoints every member may use. Unauthenticated requests get the scheme's challenge, 401 <c>authentication-required</c>; with no active tenant
    /// 400 <c>tenant-required</c>; a caller who may not act there 403 <c>tenant-not-available</c>. Needs
    /// <c>AddPermissionPolicies()</c> on the hub.
    /// </summary>
    /// <example><code>app.MapGet("/me", (HttpContext http) => http.GetTenant()!.Name).RequireTenantEntry();</code></example>
    public static TBuilder RequireTenantEntry<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.AddRequirements(TenantEntryRequirement.Instance));
}
