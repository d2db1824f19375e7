namespace MspHub;

/// <summary>The <see cref="AuditEvent.Action"/> names MspHub raises.</summary>
public static class AuditActions
{
    /// <summary>A cross-tenant scope was opened; <see cref="AuditEvent.Subject"/> holds its name.</summary>
    public const string CrossTenantScopeOpened = "msphub.tenancy.cross-tenant-scope-opened";
}
