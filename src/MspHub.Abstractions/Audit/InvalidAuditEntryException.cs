namespace MspHub;

/// <summary>
/// An <see cref="AuditEntry"/> that cannot be recorded: an empty or overlong action, too much detail, or a detail key
/// that names a secret. Nothing is recorded, and the action it describes should not proceed either.
/// </summary>
public sealed class InvalidAuditEntryException(string message) : MspHubException(message);
