namespace MspHub.SampleHub.Api;

/// <summary>Names the tenants (by slug) a dashboard is copied to.</summary>
public sealed record DuplicateDashboardRequest(IReadOnlyList<string> Tenants);
