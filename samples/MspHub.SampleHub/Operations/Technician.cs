namespace MspHub.SampleHub.Operations;

/// <summary>A technician, how to reach them, and the tenants assigned to them.</summary>
public sealed record Technician(HubUser User, string? FullName, string? Email, IReadOnlyList<Assignment> Assignments);
