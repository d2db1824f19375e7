using System.Diagnostics.Metrics;

namespace MspHub.AspNetCore;

/// <summary>The access instruments MspHub.AspNetCore publishes on the <c>MspHub</c> meter.</summary>
internal static class AccessDiagnostics
{
    private static readonly Meter Meter = new(MspHubDiagnostics.Name);

    /// <summary>Requests refused for a missing permission, tagged <c>permission</c> and <c>cross_tenant</c>.</summary>
    public static readonly Counter<long> Denied = Meter.CreateCounter<long>(
        MspHubDiagnostics.AccessDeniedCounter, unit: "{request}", description: "Requests refused for a missing permission.");
}
