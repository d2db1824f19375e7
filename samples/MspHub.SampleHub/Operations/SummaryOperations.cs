using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>The active tenant's summary report: row counts per entity, quota usage and last activity.</summary>
public sealed class SummaryOperations(ITenantSummaries summaries, ITenancy tenancy, IQuotaCounter quotas)
{
    public async Task<TenantSummary> GetAsync(CancellationToken cancellationToken) =>
        await quotas.CompleteAsync(
            (await summaries.GetAsync(new TenantQuery { Ids = [tenancy.Current.RequireTenant("summary").Id], UsageQuota = HubNames.AutomsQuota }, cancellationToken)).Items.Single(),
            cancellationToken);
}
