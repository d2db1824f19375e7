namespace MspHub.SampleHub.Operations;

/// <summary>A technician and the tenants assigned to them.</summary>
public sealed record Technician(HubUser User, IReadOnlyList<Assignment> Assignments);
