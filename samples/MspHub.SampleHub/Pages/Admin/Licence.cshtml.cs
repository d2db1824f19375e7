using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.Licensing;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

[RequirePermission("licence", "view")]
public sealed class LicenceModel(LicenceOperations licence, ITenantFeatures features, ITenancy tenancy, CurrentSession session) : HubPage
{
    public LicenceReport Report { get; private set; } = null!;

    public IReadOnlyList<TenantFeature> Features { get; private set; } = [];

    public bool CanUpdate { get; private set; }

    // Inherit lets a branch follow its client again; on or off also sets the default for the tenant's own branches.
    public Task<IActionResult> OnPostFeatureAsync(string feature, FeatureChoice choice, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.LicenceUpdate, cancellationToken);
            var tenant = await features.SetAsync(tenancy.Current.RequireTenant("features").Id, feature, choice, cancellationToken);
            return choice == FeatureChoice.Inherit
                ? $"Feature '{feature}' follows the tenants above {tenant.Name} again."
                : $"Feature '{feature}' is {choice.ToString().ToLowerInvariant()} for {tenant.Name} and, unless they choose otherwise, the tenants under it.";
        }, cancellationToken);

    /// <summary>Who decides the feature's state here: this tenant, a tenant above it, or the licence.</summary>
    public string SetBy(TenantFeature feature) => feature.SourceTenantId switch
    {
        null => "licence default",
        { } source when source == tenancy.Current.Tenant?.Id => "this tenant",
        _ => "inherited",
    };

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Report = await licence.ReportAsync(cancellationToken);
        Features = features.List(tenancy.Current.RequireTenant("features"));
        CanUpdate = await session.CanAsync(Perm.LicenceUpdate, cancellationToken);
    }
}
