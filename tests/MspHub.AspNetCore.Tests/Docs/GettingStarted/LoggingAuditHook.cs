// docs: getting-started.md#work-across-tenants hook
using Microsoft.Extensions.Logging;
using MspHub;

// end docs
namespace MspHub.Tests.Docs.GettingStarted;

// docs: getting-started.md#work-across-tenants hook
public sealed partial class LoggingAuditHook(ILogger<LoggingAuditHook> logger) : IAuditHook
{
    public void Record(AuditEvent auditEvent) =>
        LogAudit(logger, auditEvent.Action, auditEvent.Subject, auditEvent.TenantId, auditEvent.OccurredAt);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Audit: {Action} '{Subject}' (outer tenant {TenantId}) at {OccurredAt:O}.")]
    private static partial void LogAudit(
        ILogger logger, string action, string? subject, Guid? tenantId, DateTimeOffset occurredAt);
}
// end docs
