namespace MspHub.SampleHub.Operations;

/// <summary>A tenant assigned to a technician and the permissions granted there.</summary>
public sealed record Assignment(Tenant Tenant, IReadOnlyList<string> Permissions);
