using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore.Tests.Docs.Audit;

// docs: audit.md#the-actor
public sealed class HttpAuditActorSource(IHttpContextAccessor http) : IAuditActorSource
{
    public AuditActor Current =>
        Guid.TryParse(http.HttpContext?.User.FindFirst("sub")?.Value, out var userId)
            ? AuditActor.User(userId)
            : AuditActor.System;
}
// end docs
