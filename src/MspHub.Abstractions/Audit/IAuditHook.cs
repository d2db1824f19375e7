namespace MspHub;

/// <summary>
/// Receives security-relevant events, such as a cross-tenant scope being opened, so the host can keep
/// an audit trail or alert on them. Register any number with <c>services.AddSingleton&lt;IAuditHook, MyHook&gt;()</c>.
/// </summary>
/// <remarks>
/// Hooks are called synchronously on the flow that raised the event and before the audited action
/// takes effect. Keep them fast (queue to a channel and persist in the background); an exception from a
/// hook aborts the action, so auditing fails closed.
/// </remarks>
public interface IAuditHook
{
    /// <summary>Records <paramref name="auditEvent"/>.</summary>
    void Record(AuditEvent auditEvent);
}
