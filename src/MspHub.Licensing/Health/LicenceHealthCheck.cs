using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MspHub.Licensing;

/// <summary>
/// Whether the install runs licensed. Unlicensed, the host still serves, but every licence-bounded capability is off;
/// the check says why (missing, expired, wrong signature), as <see cref="ILicensing.Status"/> does.
/// </summary>
internal sealed class LicenceHealthCheck(ILicensing licensing) : IHealthCheck
{
    internal const string Name = "msphub-licence";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = licensing.Status;
        return Task.FromResult(status.Licence is { } licence
            ? HealthCheckResult.Healthy($"Licensed to {licence.Licensee} until {licence.ExpiresAt:u}.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"Unlicensed ({status.Problem}): {status.Detail}"));
    }
}
