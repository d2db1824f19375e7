using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MspHub.Licensing;

/// <summary>
/// Whether the install runs licensed. Unlicensed, the host still serves, but every licence-bounded capability is off;
/// the check says why (missing, expired, wrong signature), as <see cref="ILicensing.Status"/> does. Within
/// <see cref="LicensingOptions.ExpiryWarning"/> of the licence's end it also alerts the MSP's administrators
/// (<see cref="GateNotificationKind.LicenceExpiring"/>): the check is what a host already runs on a schedule, and
/// <see cref="IHubAlerts"/> keeps the alert to one per licence a day however often it runs.
/// </summary>
internal sealed class LicenceHealthCheck(ILicensing licensing, IServiceScopeFactory scopes, IOptions<LicensingOptions> options, TimeProvider time) : IHealthCheck
{
    internal const string Name = "msphub-licence";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = licensing.Status;
        if (status.Licence is not { } licence)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Unlicensed ({status.Problem}): {status.Detail}");
        }

        var left = licence.ExpiresAt - time.GetUtcNow();
        if (left <= options.Value.ExpiryWarning)
        {
            // Health checks are singletons; the alert writes through the scoped notifiers.
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await scope.ServiceProvider.GetRequiredService<IHubAlerts>().RaiseToMspAsync(
                    GateNotificationKind.LicenceExpiring,
                    licence.LicenceId,
                    string.Create(CultureInfo.InvariantCulture, $"The licence {licence.LicenceId} for {licence.Licensee} expires at {licence.ExpiresAt:u} ({Math.Max(0, (int)left.TotalDays)} days left). Renew it before then, or the hub runs unlicensed."),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return HealthCheckResult.Healthy($"Licensed to {licence.Licensee} until {licence.ExpiresAt:u}.");
    }
}
