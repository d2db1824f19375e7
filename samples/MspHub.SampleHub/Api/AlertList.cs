using MspHub.SampleHub.Data;

namespace MspHub.SampleHub.Api;

/// <summary>The active tenant's alert rules and the CPU threshold in force there (its own or inherited).</summary>
public sealed record AlertList(double Threshold, IReadOnlyList<Alert> Alerts);
