namespace MspHub.EntityFramework.Tests;

/// <summary>An alerting hook that fails on one action, to show the record and its change roll back together.</summary>
internal sealed class FailingAuditHook : IAuditHook
{
    public volatile string? FailOn;

    public void OnRecorded(AuditRecord record)
    {
        if (record.Action == FailOn)
        {
            throw new InvalidOperationException($"Alerting on {record.Action} failed.");
        }
    }
}
