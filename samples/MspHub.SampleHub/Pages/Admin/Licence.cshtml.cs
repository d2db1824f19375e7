using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.Licensing;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

[RequirePermission("licence", "view")]
public sealed class LicenceModel(LicenceOperations licence, ITenantFeatures features, FeatureSwitches switches, ITenancy tenancy, CurrentSession session) : HubPage
{
    public LicenceReport Report { get; private set; } = null!;

    public IReadOnlyList<TenantFeature> Features { get; private set; } = [];

    public bool CanUpdate { get; private set; }

    public IReadOnlyList<QuotaAlert> QuotaAlerts { get; private set; } = [];

    public Task<IActionResult> OnPostFeatureAsync(string feature, FeatureChoice choice, CancellationToken cancellationToken) =>
        ActAsync(() => switches.SetAsync(tenancy.Current.RequireTenant("features").Id, feature, choice, cancellationToken), cancellationToken);

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
        QuotaAlerts = QuotaAlert.Near(Report.Usage);
    }
}
