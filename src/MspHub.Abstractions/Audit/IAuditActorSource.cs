namespace MspHub;

/// <summary>
/// Who is acting on the current flow, for records whose <see cref="AuditEntry.Actor"/> is left empty. MspHub's own
/// default answers <see cref="AuditActor.System"/>; MspHub.AspNetCore answers the request's user or API key, so
/// an operation called from an endpoint is recorded against its caller without every call site passing it.
/// </summary>
public interface IAuditActorSource
{
    /// <summary>The actor of the current flow.</summary>
    AuditActor Current { get; }
}
