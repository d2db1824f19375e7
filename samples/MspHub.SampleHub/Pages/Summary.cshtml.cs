using MspHub.AspNetCore;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

[RequirePermission("summary", "view")]
public sealed class SummaryModel(SummaryOperations summary) : HubPage
{
    public TenantSummary Summary { get; private set; } = null!;

    protected override async Task LoadAsync(CancellationToken cancellationToken) => Summary = await summary.GetAsync(cancellationToken);
}
