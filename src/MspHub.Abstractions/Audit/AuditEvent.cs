namespace MspHub;

/// <summary>An event reported to <see cref="IAuditHook"/>.</summary>
/// <param name="Action">What happened; one of <see cref="AuditActions"/> or a host-defined name.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="TenantId">The tenant that was active when it happened, if any.</param>
/// <param name="Subject">What the action concerned, such as the name of a cross-tenant scope.</param>
public sealed record AuditEvent(string Action, DateTimeOffset OccurredAt, Guid? TenantId, string? Subject);
