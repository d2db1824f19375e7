using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>The active tenant's summary report: row counts per entity, quota usage and last activity.</summary>
public sealed class SummaryOperations(ITenantSummaries summaries, ITenancy tenancy)
{
    public async Task<TenantSummary> GetAsync(CancellationToken cancellationToken) =>
        (await summaries.GetAsync(
            new TenantQuery { Ids = [tenancy.Current.RequireTenant("summary").Id], UsageQuota = HubNames.AutomsQuota }, cancellationToken)).Items.Single();
}
