using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub.AspNetCore;

/// <summary>Adds MspHub's ASP.NET Core services.</summary>
public static class MspHubBuilderAspNetCoreExtensions
{
    /// <summary>
    /// Adds the permission policies behind <c>RequirePermission</c>: an <see cref="IAuthorizationHandler"/>
    /// that checks the signed-in user in the active tenant, and 403 ProblemDetails that name a missing
    /// permission. Also calls <c>AddAuthorization()</c>.
    /// </summary>
    public static MspHubBuilder AddPermissionPolicies(this MspHubBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.AddAuthorization();
        hub.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IAuthorizationHandler, PermissionAuthorizationHandler>());
        hub.Services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, PermissionForbiddenResultHandler>());
        return hub;
    }
}
