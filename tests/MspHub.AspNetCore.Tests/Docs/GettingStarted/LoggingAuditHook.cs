// docs: getting-started.md#work-across-tenants hook
using Microsoft.Extensions.Logging;
using MspHub;

// end docs
namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

// docs: getting-started.md#work-across-tenants hook
public sealed partial class LoggingAuditHook(ILogger<LoggingAuditHook> logger) : IAuditHook
{
    public void OnRecorded(AuditRecord record) =>
        LogAudit(logger, record.Action, record.TargetType, record.TargetId, record.TenantId, record.OccurredAt);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Audit: {Action} on {TargetType} '{TargetId}' (tenant {TenantId}) at {OccurredAt:O}.")]
    private static partial void LogAudit(
        ILogger logger, string action, string? targetType, string? targetId, Guid? tenantId, DateTimeOffset occurredAt);
}
// end docs
