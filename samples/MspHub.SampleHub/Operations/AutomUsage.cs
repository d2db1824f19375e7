using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// A summary lists only the quotas a tenant has a counter for, and the automs counter appears with the tenant's first
/// autom: a tenant that never had one would be left out of the usage tables. This adds it, with its limit and 0 used.
/// </summary>
public static class AutomUsage
{
    public static async Task<TenantSummary> CompleteAsync(this IQuotaCounter quotas, TenantSummary tenant, CancellationToken cancellationToken) =>
        tenant.Quotas.Any(q => q.Quota == HubNames.AutomsQuota)
            ? tenant
            : tenant with { Quotas = [.. tenant.Quotas, await quotas.GetUsageAsync(tenant.TenantId, HubNames.AutomsQuota, cancellationToken)] };
}
