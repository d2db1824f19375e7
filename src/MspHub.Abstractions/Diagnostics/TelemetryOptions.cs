namespace MspHub;

/// <summary>
/// What MspHub's metrics and traces may say about tenants (<see cref="MspHubOptions.Telemetry"/>). Off by default: a
/// tenant id on every measurement multiplies the time series a metrics back end stores by the number of tenants, and
/// baggage leaves the process in every outgoing request.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Whether tenant-scoped metrics (entry refusals, permission denials, quotas, resolutions, lifecycle operations) carry
    /// the tenant's id as <see cref="MspHubDiagnostics.TenantTag"/>. Default <see langword="false"/>. Spans always carry it:
    /// a trace is one request, so it costs no series.
    /// </summary>
    public bool IncludeTenantAttribute { get; set; }

    /// <summary>
    /// How many distinct tenants get their own tag value while <see cref="IncludeTenantAttribute"/> is on; later ones are
    /// tagged <see cref="MspHubDiagnostics.TenantOverflowValue"/>, so a large install cannot overrun the metrics back end.
    /// The first tenants seen keep their value until the process restarts. Default 100; 1 to 10000.
    /// </summary>
    public int MaxTenantAttributeValues { get; set; } = 100;

    /// <summary>
    /// Whether a resolved tenant's id is added to the current <see cref="System.Diagnostics.Activity"/>'s baggage under
    /// <see cref="MspHubDiagnostics.TenantBaggageKey"/>, so services this one calls over HTTP learn which tenant the trace
    /// is for. Default <see langword="false"/>: baggage is sent to every service called, trusted or not, and must never
    /// be used to decide access on the receiving side.
    /// </summary>
    public bool TenantInBaggage { get; set; }
}
