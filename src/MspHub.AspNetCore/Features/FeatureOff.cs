using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>Why a feature check failed: the feature is off for the active tenant, or there is no active tenant.</summary>
internal sealed class FeatureOff(IAuthorizationHandler handler, string feature)
    : MspHubForbiddenReason(handler, $"feature '{feature}' is off")
{
    public override MspHubProblemType Problem => MspHubProblemTypes.FeatureNotAvailable;

    // Not which of the two: the feature service weighs the tenant's switch and the licence together, and either turns it off.
    public override string Detail => $"The feature '{feature}' is off for the active tenant: switched off, or not covered by the licence in force.";

    public override KeyValuePair<string, object?> Extension => new("feature", feature);
}
