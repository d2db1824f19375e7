using MspHub.Licensing;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>Builds the licence overview from the licence, its activation record and the tenant summaries.</summary>
public sealed class LicenceOperations(ILicensing licensing, ILicenceActivation activation, ITenantStore tenants, ITenantSummaries summaries, IQuotaCounter quotas)
{
    public async Task<LicenceReport> ReportAsync(CancellationToken cancellationToken)
    {
        var licence = licensing.Status.Licence;
        var page = await summaries.GetAsync(new TenantQuery { PageSize = TenantQuery.MaxPageSize, UsageQuota = HubNames.AutomsQuota }, cancellationToken);
        var usage = new List<TenantSummary>();
        foreach (var tenant in page.Items)
        {
            usage.Add(await quotas.CompleteAsync(tenant, cancellationToken));
        }

        return new LicenceReport(
            licensing.IsLicensed,
            licensing.Status.IsValid ? "Valid" : licensing.Status.Detail ?? "Not valid",
            licence?.Licensee,
            licence?.Edition,
            licence?.ExpiresAt,
            licence?.Features ?? [],
            licence?.DefaultQuotas ?? new Dictionary<string, long>(),
            (await tenants.CountAsync(cancellationToken)).ToString(),
            (await activation.GetActivationAsync(cancellationToken))?.Notice,
            usage);
    }
}
