namespace MspHub.SampleHub.Operations;

/// <summary>A tenant assigned to a technician, the permissions granted there and when the grant ends by itself (<see langword="null"/>: when revoked).</summary>
public sealed record Assignment(Tenant Tenant, IReadOnlyList<string> Permissions, DateTimeOffset? ExpiresAt);
