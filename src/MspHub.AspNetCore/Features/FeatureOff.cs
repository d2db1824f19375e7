using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>Why a feature check failed: the feature is off for the active tenant, or there is no active tenant.</summary>
internal sealed class FeatureOff(IAuthorizationHandler handler, string feature)
    : MspHubForbiddenReason(handler, $"feature '{feature}' is off")
{
    public override MspHubProblemType Problem => MspHubProblemTypes.FeatureNotAvailable;

    public override string Detail => $"The feature '{feature}' is not switched on for the active tenant.";

    public override KeyValuePair<string, object?> Extension => new("feature", feature);
}
