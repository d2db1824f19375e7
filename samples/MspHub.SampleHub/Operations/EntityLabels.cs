using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>How an entity (counts are keyed by type name, such as <c>AiAgent</c>) or a quota reads on a page.</summary>
public static class EntityLabels
{
    public static string Label(string name) => name switch
    {
        nameof(Autom) or HubNames.AutomsQuota => "Automs",
        nameof(AiAgent) => "AI agents",
        nameof(Dashboard) => "Dashboards",
        nameof(Alert) => "Alerts",
        _ => name,
    };
}
