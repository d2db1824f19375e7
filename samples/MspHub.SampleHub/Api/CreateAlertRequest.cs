namespace MspHub.SampleHub.Api;

/// <summary>Creates an alert rule; without a threshold it starts from the tenant's.</summary>
public sealed record CreateAlertRequest(string Name, string? Metric = null, double? Threshold = null);
