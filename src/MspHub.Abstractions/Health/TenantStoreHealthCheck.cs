using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MspHub;

/// <summary>
/// Whether the tenant store answers: a look-up of a tenant id that never exists, so the store does the least work
/// that still proves its database (or whatever backs it) is reachable.
/// </summary>
internal sealed class TenantStoreHealthCheck(ITenantStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.FindByIdAsync(Guid.Empty, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("The tenant store answers.");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The tenant store does not answer.", error);
        }
    }
}
