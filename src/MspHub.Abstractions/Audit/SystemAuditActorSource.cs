namespace MspHub;

/// <summary>The default <see cref="IAuditActorSource"/> for hosts without an HTTP pipeline: every unattributed action is the system's.</summary>
internal sealed class SystemAuditActorSource : IAuditActorSource
{
    public AuditActor Current => AuditActor.System;
}
