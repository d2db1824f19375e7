using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>
/// Requires the signed-in user to hold a permission in the active tenant; for controllers and actions.
/// Minimal APIs use <see cref="PermissionEndpointConventionBuilderExtensions.RequirePermission{TBuilder}(TBuilder, string, string)"/>.
/// </summary>
/// <param name="resource">The resource, for example <c>automs</c>.</param>
/// <param name="action">The action, for example <see cref="PermissionActions.Create"/>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequirePermissionAttribute(string resource, string action) : AuthorizeAttribute, IAuthorizationRequirementData
{
    private readonly PermissionRequirement _requirement = new(new Permission(resource, action));

    /// <summary>The permission required.</summary>
    public Permission Permission => _requirement.Permission;

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [_requirement];
}
