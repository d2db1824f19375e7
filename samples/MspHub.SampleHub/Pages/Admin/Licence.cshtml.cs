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

    public Task<IActionResult> OnPostFeatureAsync(string feature, bool enabled, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.LicenceUpdate, cancellationToken);
            var tenant = await features.SetAsync(tenancy.Current.RequireTenant("features").Id, feature, enabled, cancellationToken);
            return $"'{feature}' is {(enabled ? "on" : "off")} for {tenant.Name}.";
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Report = await licence.ReportAsync(cancellationToken);
        Features = features.List(tenancy.Current.RequireTenant("features"));
        CanUpdate = await session.CanAsync(Perm.LicenceUpdate, cancellationToken);
    }
}
