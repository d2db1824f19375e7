using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MspHub.Licensing;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// The active tenant's alert rules and its CPU threshold, a tenant setting: a sub-tenant inherits its parent's
/// until it sets its own, and new alerts start from it.
/// </summary>
public sealed class AlertOperations(SampleDb db, ITenantSettings settings, ITenantFeatures features, ITenancy tenancy)
{
    public ValueTask<bool> IsAvailableAsync(CancellationToken cancellationToken) =>
        features.IsEnabledAsync(tenancy.Current.RequireTenant("alerts"), HubNames.AlertsFeature, cancellationToken);

    public Task<List<Alert>> ListAsync(CancellationToken cancellationToken) => db.Alerts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(cancellationToken);

    /// <summary>The threshold and the tenant it comes from (null for the hub's default).</summary>
    public async Task<(double Value, Guid? From)> ThresholdAsync(CancellationToken cancellationToken)
    {
        var tenant = tenancy.Current.RequireTenant("alerts");
        var setting = await settings.GetAsync(tenant.Id, HubNames.AlertThresholdSetting, cancellationToken);
        return setting is null ? (90, null) : (double.Parse(setting.Value, CultureInfo.InvariantCulture), setting.SourceTenantId);
    }

    public async Task SetThresholdAsync(double value, CancellationToken cancellationToken)
    {
        // Off for the tenant means off for every way in, the page's form as much as the API.
        if (!await IsAvailableAsync(cancellationToken))
        {
            throw new FeatureNotLicensedException(HubNames.AlertsFeature);
        }

        await settings.SetAsync(
            tenancy.Current.RequireTenant("alerts").Id, HubNames.AlertThresholdSetting, Input.Threshold(value).ToString(CultureInfo.InvariantCulture), cancellationToken);
    }

    public async Task<Alert> CreateAsync(string? name, string? metric, double? threshold, CancellationToken cancellationToken)
    {
        if (!await IsAvailableAsync(cancellationToken))
        {
            throw new FeatureNotLicensedException(HubNames.AlertsFeature);
        }

        var alert = new Alert
        {
            Name = Input.Name(name, "An alert's name"),
            Metric = Input.Name(metric ?? "cpu", "A metric"),
            Threshold = Input.Threshold(threshold ?? (await ThresholdAsync(cancellationToken)).Value),
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync(cancellationToken);
        return alert;
    }
}
