namespace MspHub.SampleHub.Api;

/// <summary>Sets the active tenant's CPU threshold, a percentage.</summary>
public sealed record ThresholdRequest(double Value);
