namespace MspHub;

/// <summary>
/// A reader asked for audit records they may not see: another tenant's chain, the MSP-level chain without being an
/// MSP admin, or a tenant's chain without its audit permission. Nothing is returned.
/// </summary>
public sealed class AuditAccessDeniedException(string message) : MspHubException(message);
