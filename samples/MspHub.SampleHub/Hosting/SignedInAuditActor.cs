namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Names the signed-in user on the audit records the hub's own changes write (a feature switched, a tenant suspended),
/// which MspHub would otherwise attribute to the system: it leaves this to the host, as reading the request costs every
/// request a little. MspHub still decides whether that user acted as a technician.
/// </summary>
public sealed class SignedInAuditActor(IHttpContextAccessor http) : IAuditActorSource
{
    public AuditActor Current =>
        Guid.TryParse(http.HttpContext?.User.FindFirst("sub")?.Value, out var userId) ? AuditActor.User(userId) : AuditActor.System;
}
