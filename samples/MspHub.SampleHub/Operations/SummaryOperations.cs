using MspHub.Licensing;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>
/// The summary report: row counts per entity, quota usage and last activity. The API gives the active tenant's; the
/// page's report covers the active tenant and every tenant under it, and, in the MSP's admin tenancy, every tenant.
/// </summary>
public sealed class SummaryOperations(ITenantSummaries summaries, ITenancy tenancy, IQuotaCounter quotas, ILicenceActivation activation, CurrentSession session)
{
    public async Task<TenantSummary> GetAsync(CancellationToken cancellationToken) =>
        Shown(await quotas.CompleteAsync(
            (await summaries.GetAsync(new TenantQuery { Ids = [tenancy.Current.RequireTenant("summary").Id], UsageQuota = HubNames.AutomsQuota }, cancellationToken)).Items.Single(),
            cancellationToken));

    public async Task<SummaryReport> ReportAsync(string? sort, bool descending, CancellationToken cancellationToken)
    {
        var tenant = tenancy.Current.RequireTenant("summary");
        // Every tenant only for an MSP admin: anyone else given summary.view in the admin tenancy reaches far less.
        var everyTenant = (await activation.GetActivationAsync(cancellationToken))?.AdminTenancyId == tenant.Id
            && (await session.GetUserAsync(cancellationToken))?.SystemRole == SystemRole.MspAdmin;
        // A page is only served signed in; an empty id would be refused by the subtree check like any user without access.
        var rows = everyTenant
            ? (await summaries.GetAsync(new TenantQuery { PageSize = TenantQuery.MaxPageSize, UsageQuota = HubNames.AutomsQuota }, cancellationToken)).Items
            : await summaries.GetSubtreeAsync(session.UserId.GetValueOrDefault(), tenant.Id, cancellationToken);
        var completed = new List<TenantSummary>();
        foreach (var row in rows)
        {
            completed.Add(Shown(await quotas.CompleteAsync(row, cancellationToken)));
        }

        return SummaryReport.Sorted(everyTenant ? "Every tenant of the hub" : $"{tenant.Name} and the tenants under it", completed, HubNames.AutomsQuota, sort, descending);
    }

    // MspHub counts every tenant-owned entity; the hub's own bookkeeping is not a kind of item to report.
    private static TenantSummary Shown(TenantSummary row) =>
        row with { Counts = row.Counts.Where(c => EntityLabels.IsShown(c.Key)).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal) };
}
