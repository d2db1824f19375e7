using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MspHub;

/// <summary>
/// The names MspHub publishes traces and metrics under. Subscribe with OpenTelemetry's
/// <c>AddSource(MspHubDiagnostics.Name)</c> and <c>AddMeter(MspHubDiagnostics.Name)</c>.
/// </summary>
public static class MspHubDiagnostics
{
    /// <summary>The name of MspHub's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "MspHub";

    /// <summary>Counter of tenant resolutions, tagged <c>outcome</c> (resolved, not_found, no_identifier) and <c>strategy</c>.</summary>
    public const string TenantResolutionsCounter = "msphub.tenant.resolutions";

    /// <summary>Counter of requests refused for a missing permission, tagged <c>permission</c> and <c>cross_tenant</c> (MspHub.AspNetCore).</summary>
    public const string AccessDeniedCounter = "msphub.access.denied";

    /// <summary>The activity started around a tenant resolution that had to go to the store.</summary>
    public const string ResolveTenantActivity = "msphub.resolve_tenant";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(MspHubDiagnostics).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(MspHubDiagnostics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> TenantResolutions = Meter.CreateCounter<long>(
        TenantResolutionsCounter, unit: "{resolution}", description: "Tenant resolutions, by outcome and strategy.");
}
