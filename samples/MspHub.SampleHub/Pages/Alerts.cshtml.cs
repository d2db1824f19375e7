using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

[RequirePermission("alerts", "view")]
public sealed class AlertsModel(AlertOperations alerts, CurrentSession session, ITenantStore tenants) : HubPage
{
    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public double Threshold { get; private set; }

    public string ThresholdSource { get; private set; } = "";

    public bool CanCreate { get; private set; }

    public bool CanUpdate { get; private set; }

    public bool Available { get; private set; }

    public Task<IActionResult> OnPostThresholdAsync(double? value, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.AlertsUpdate, cancellationToken);
            await alerts.SetThresholdAsync(ModelState.IsValid && value is { } number ? number : throw new ArgumentException("Enter the threshold as a number."), cancellationToken);
            return $"Threshold set to {value} %.";
        }, cancellationToken);

    public Task<IActionResult> OnPostCreateAsync(string? name, string? metric, double? threshold, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.AlertsCreate, cancellationToken);
            if (!ModelState.IsValid)
            {
                throw new ArgumentException("Enter the threshold as a number, or leave it empty for the tenant's.");
            }

            return $"Alert '{(await alerts.CreateAsync(name, metric, threshold, cancellationToken)).Name}' created.";
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Available = await alerts.IsAvailableAsync(cancellationToken);
        Alerts = Available ? await alerts.ListAsync(cancellationToken) : [];
        (Threshold, var from) = await alerts.ThresholdAsync(cancellationToken);
        ThresholdSource = from is null ? "hub default"
            : from == session.Tenant?.Id ? "set for this tenant"
            : $"inherited from {(await tenants.FindByIdAsync(from.Value, cancellationToken))?.Name}";
        CanCreate = await session.CanAsync(Perm.AlertsCreate, cancellationToken);
        CanUpdate = await session.CanAsync(Perm.AlertsUpdate, cancellationToken);
    }
}
