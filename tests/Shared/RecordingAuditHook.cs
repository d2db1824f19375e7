using System.Collections.Concurrent;

namespace MspHub.Tests;

public sealed class RecordingAuditHook : IAuditHook
{
    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    public void OnRecorded(AuditRecord record) => Records.Enqueue(record);
}
