namespace MspHub;

/// <summary>
/// Who is acting on the current flow, for records whose <see cref="AuditEntry.Actor"/> is left empty. MspHub's own
/// default answers <see cref="AuditActor.System"/>. A web host registers one that answers the request's user (see
/// the audit docs), so an operation called from an endpoint is recorded against its caller without every call site
/// passing it; MspHub's own HTTP handlers name the caller on the records they write themselves.
/// </summary>
public interface IAuditActorSource
{
    /// <summary>The actor of the current flow.</summary>
    AuditActor Current { get; }
}
