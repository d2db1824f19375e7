namespace MspHub.SampleHub.Hosting;

/// <summary>Quota, feature and setting names the hub uses.</summary>
public static class HubNames
{
    /// <summary>The quota automs count against; its default comes from the licence.</summary>
    public const string AutomsQuota = "automs";

    public const string AiAgentsFeature = "ai-agents";

    public const string AlertsFeature = "alerts";

    /// <summary>The tenant setting holding the CPU threshold new alerts start from; sub-tenants inherit it.</summary>
    public const string AlertThresholdSetting = "alerts.cpu-threshold";

    /// <summary>The cookie carrying the session token for the pages; the API takes the same token as a bearer header.</summary>
    public const string SessionCookie = "msphub_session";
}
