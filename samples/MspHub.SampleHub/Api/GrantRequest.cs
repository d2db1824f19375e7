namespace MspHub.SampleHub.Api;

/// <summary>The permissions a technician holds in one tenant.</summary>
public sealed record GrantRequest(IReadOnlyList<string> Permissions);
