using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Turns a 403 caused by an MspHub requirement (a missing permission, a feature that is off) into RFC 9457
/// ProblemDetails that name what was missing and nothing about the tenant's data, and gives the 401 of a
/// <c>MapMspHub()</c> endpoint a ProblemDetails body after the scheme's own challenge. Everything else
/// (other policies, other endpoints' challenges) is left to ASP.NET Core.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<MspHubForbiddenReason>().FirstOrDefault() is { } reason)
        {
            await new MspHubProblem(reason.Problem, reason.Detail, (reason.Extension.Key, reason.Extension.Value)).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
        if (authorizeResult.Challenged
            && context.Response is { StatusCode: StatusCodes.Status401Unauthorized, HasStarted: false }
            && context.GetEndpoint()?.Metadata.GetMetadata<MspHubEndpointMetadata>() is not null)
        {
            await new MspHubProblem(MspHubProblemTypes.AuthenticationRequired, "Sign in: send a valid session token or API key.").ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
