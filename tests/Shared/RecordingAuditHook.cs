using System.Collections.Concurrent;

namespace MspHub.Tests;

public sealed class RecordingAuditHook : IAuditHook
{
    public ConcurrentQueue<AuditEvent> Events { get; } = new();

    public void Record(AuditEvent auditEvent) => Events.Enqueue(auditEvent);
}
