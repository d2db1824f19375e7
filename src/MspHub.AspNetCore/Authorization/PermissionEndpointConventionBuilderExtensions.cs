using Microsoft.AspNetCore.Builder;

namespace MspHub.AspNetCore;

/// <summary>Protects minimal API endpoints and route groups with a permission.</summary>
public static class PermissionEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires the signed-in user to hold <paramref name="permission"/> in the active tenant.
    /// Unauthenticated requests get 401; requests without the permission get 403 ProblemDetails naming it.
    /// </summary>
    /// <example><code>app.MapPost("/automs", CreateAutom).RequirePermission(new Permission("automs", PermissionActions.Create));</code></example>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequirePermission(permission.Resource, permission.Action);

    /// <inheritdoc cref="RequirePermission{TBuilder}(TBuilder, Permission)"/>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string resource, string action)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new RequirePermissionAttribute(resource, action));
}
