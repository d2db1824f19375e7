using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using MspHub.Licensing;

namespace MspHub.AspNetCore;

/// <summary>
/// Checks <see cref="FeatureRequirement"/> against the active tenant, which is already in memory, and its ancestors
/// (whose choices it inherits) through the tenant cache: a warm check makes no database round trip and allocates
/// nothing, and an ancestor not cached yet is read without blocking the request's thread.
/// </summary>
internal sealed class FeatureAuthorizationHandler(ITenancy tenancy, ITenantFeatures features) : AuthorizationHandler<FeatureRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FeatureRequirement requirement)
    {
        if (tenancy.Current.Tenant is not { } tenant)
        {
            Decide(context, requirement, enabled: false);
            return Task.CompletedTask;
        }

        var enabled = features.IsEnabledAsync(tenant, requirement.Feature, (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None);
        if (enabled.IsCompletedSuccessfully)
        {
            Decide(context, requirement, enabled.Result);
            return Task.CompletedTask;
        }

        return DecideAsync(context, requirement, enabled);
    }

    private async Task DecideAsync(AuthorizationHandlerContext context, FeatureRequirement requirement, ValueTask<bool> enabled) =>
        Decide(context, requirement, await enabled.ConfigureAwait(false));

    private void Decide(AuthorizationHandlerContext context, FeatureRequirement requirement, bool enabled)
    {
        if (enabled)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new FeatureOff(this, requirement.Feature));
        }
    }
}
