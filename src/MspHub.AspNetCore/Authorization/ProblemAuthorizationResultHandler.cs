using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Turns a 403 caused by an MspHub requirement (a missing permission, a feature that is off) into RFC 9457
/// ProblemDetails that name what was missing and nothing about the tenant's data, and gives the 401 of an endpoint
/// guarded by MspHub (a <c>MapMspHub()</c> endpoint, <c>RequirePermission</c>, <c>RequireFeature</c>, <c>RequireTenantEntry</c>) a ProblemDetails
/// body after the scheme's own challenge. Everything else goes to <paramref name="inner"/>: the handler the host
/// registered before MspHub, or ASP.NET Core's own.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
{
    // An allowed request goes straight on: no state machine of ours around the rest of the pipeline.
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<MspHubForbiddenReason>().FirstOrDefault() is { } reason)
        {
            return new MspHubProblem(reason.Problem, reason.Detail, (reason.Extension.Key, reason.Extension.Value)) { DenialCounted = reason is PermissionDenied }.ExecuteAsync(context);
        }

        return authorizeResult.Challenged
            ? ChallengeAsync(next, context, policy, authorizeResult)
            : inner.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task ChallengeAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
        if (context.Response is { StatusCode: StatusCodes.Status401Unauthorized, HasStarted: false } && IsGuardedByMspHub(context, policy))
        {
            await MspHubProblem.AuthenticationRequired.ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static bool IsGuardedByMspHub(HttpContext context, AuthorizationPolicy policy) =>
        context.GetEndpoint()?.Metadata.GetMetadata<MspHubEndpointMetadata>() is not null
        || policy.Requirements.Any(r => r is PermissionRequirement or FeatureRequirement or TenantEntryRequirement);
}
