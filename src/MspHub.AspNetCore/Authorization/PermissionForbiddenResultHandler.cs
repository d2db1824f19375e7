using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Turns a 403 caused by a missing permission into RFC 7807 ProblemDetails that name the permission and
/// nothing about the tenant's data; everything else (401 challenges, other policies) is left to ASP.NET Core.
/// </summary>
internal sealed class PermissionForbiddenResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<PermissionDenied>().FirstOrDefault() is { } denied)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Permission required",
                detail: $"This request needs the permission '{denied.Permission}' in the active tenant.",
                extensions: new Dictionary<string, object?> { ["permission"] = denied.Permission.ToString() })
                .ExecuteAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
