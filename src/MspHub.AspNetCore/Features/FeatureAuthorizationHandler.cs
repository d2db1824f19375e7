using Microsoft.AspNetCore.Authorization;
using MspHub.Licensing;

namespace MspHub.AspNetCore;

/// <summary>Checks <see cref="FeatureRequirement"/> against the active tenant, which is already in memory: no database round trip.</summary>
internal sealed class FeatureAuthorizationHandler(ITenancy tenancy, ITenantFeatures features) : AuthorizationHandler<FeatureRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FeatureRequirement requirement)
    {
        if (tenancy.Current.Tenant is { } tenant && features.IsEnabled(tenant, requirement.Feature))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new FeatureOff(this, requirement.Feature));
        }

        return Task.CompletedTask;
    }
}
