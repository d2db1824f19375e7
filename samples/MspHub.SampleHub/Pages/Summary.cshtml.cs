using MspHub.AspNetCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

[RequirePermission("summary", "view")]
public sealed class SummaryModel(SummaryOperations summary) : HubPage
{
    public TenantSummary Summary { get; private set; } = null!;

    /// <summary>How an entity (counts are keyed by type name, such as <c>AiAgent</c>) or a quota reads on the page.</summary>
    public static string Label(string name) => name switch
    {
        nameof(Autom) or HubNames.AutomsQuota => "Automs",
        nameof(AiAgent) => "AI agents",
        nameof(Dashboard) => "Dashboards",
        nameof(Alert) => "Alerts",
        _ => name,
    };

    protected override async Task LoadAsync(CancellationToken cancellationToken) => Summary = await summary.GetAsync(cancellationToken);
}
