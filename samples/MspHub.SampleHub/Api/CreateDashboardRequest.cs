namespace MspHub.SampleHub.Api;

/// <summary>Creates a dashboard in the active tenant.</summary>
public sealed record CreateDashboardRequest(string Name, string? Widgets = null);
