using MspHub.Licensing;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// Switching a feature for one tenant, as the licence page does for the active tenant and the tenant page for any
/// tenant: the permission check, the change and the notice that says what it means for the tenants below.
/// </summary>
public sealed class FeatureSwitches(ITenantFeatures features, CurrentSession session)
{
    /// <summary>The features the hub gates pages on, licensed or not, so a page can show the unlicensed ones disabled.</summary>
    public static IReadOnlyList<string> HubFeatures { get; } = [HubNames.AiAgentsFeature, HubNames.AlertsFeature];

    // Inherit lets a branch follow its client again; on or off also sets the default for the tenant's own branches.
    public async Task<string> SetAsync(Guid tenantId, string feature, FeatureChoice choice, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.LicenceUpdate, cancellationToken);
        var tenant = await features.SetAsync(tenantId, feature, choice, cancellationToken);
        return choice == FeatureChoice.Inherit
            ? $"Feature '{feature}' follows the tenants above {tenant.Name} again."
            : $"Feature '{feature}' is {choice.ToString().ToLowerInvariant()} for {tenant.Name} and, unless they choose otherwise, the tenants under it.";
    }
}
