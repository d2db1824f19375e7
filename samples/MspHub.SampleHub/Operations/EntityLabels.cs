using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>How an entity (counts are keyed by type name, such as <c>AiAgent</c>) or a quota reads on a page.</summary>
public static class EntityLabels
{
    /// <summary>
    /// Whether an entity is something people create and count (automs, AI agents, dashboards, alerts), rather than the
    /// hub's own bookkeeping, such as the elevation asks it keeps for approvals, which the summary leaves out.
    /// </summary>
    public static bool IsShown(string name) => name is not nameof(ElevationAsk);


    public static string Label(string name) => name switch
    {
        nameof(Autom) or HubNames.AutomsQuota => "Automs",
        nameof(AiAgent) => "AI agents",
        nameof(Dashboard) => "Dashboards",
        nameof(Alert) => "Alerts",
        _ => name,
    };
}
