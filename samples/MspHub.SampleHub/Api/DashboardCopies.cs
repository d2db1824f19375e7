namespace MspHub.SampleHub.Api;

/// <summary>How many copies of a dashboard were made, one per target tenant.</summary>
public sealed record DashboardCopies(int Copies);
