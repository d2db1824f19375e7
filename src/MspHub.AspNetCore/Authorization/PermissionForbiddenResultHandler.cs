using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Turns a 403 caused by an MspHub requirement (a missing permission, a feature that is off) into RFC 7807
/// ProblemDetails that name what was missing and nothing about the tenant's data; everything else (401
/// challenges, other policies) is left to ASP.NET Core.
/// </summary>
internal sealed class PermissionForbiddenResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<MspHubForbiddenReason>().FirstOrDefault() is { } reason)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: reason.Title,
                detail: reason.Detail,
                extensions: new Dictionary<string, object?> { [reason.Extension.Key] = reason.Extension.Value })
                .ExecuteAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
