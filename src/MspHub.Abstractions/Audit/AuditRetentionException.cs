namespace MspHub;

/// <summary>Thrown when retention cannot run as configured (no signing key, no archive) or a chain changed under it; nothing was pruned.</summary>
public sealed class AuditRetentionException(string message) : MspHubException(message);
