namespace MspHub;

/// <summary>The <see cref="AuditEvent.Action"/> names MspHub raises.</summary>
public static class AuditActions
{
    /// <summary>A cross-tenant scope was opened; <see cref="AuditEvent.Subject"/> holds its name.</summary>
    public const string CrossTenantScopeOpened = "msphub.tenancy.cross-tenant-scope-opened";

    /// <summary>A user who holds nothing in a tenant was refused there; <see cref="AuditEvent.Subject"/> names the user and the permission.</summary>
    public const string CrossTenantAccessDenied = "msphub.access.cross-tenant-denied";

    /// <summary>A tenant hit a quota; <see cref="AuditEvent.Subject"/> names the quota and its usage. Route it to the tenant's administrators.</summary>
    public const string QuotaExceeded = "msphub.quota.exceeded";

    /// <summary>A licence was activated or renewed; the subject names the licence and the new MSP admin.</summary>
    public const string LicenceActivated = "msphub.licence.activated";

    /// <summary>A tenant was created; the subject is its slug.</summary>
    public const string TenantCreated = "msphub.tenant.created";

    /// <summary>A tenant was renamed, suspended or reactivated; the subject says what changed.</summary>
    public const string TenantChanged = "msphub.tenant.changed";

    /// <summary>A tenant and everything it owned was deleted; the subject summarises the wipe.</summary>
    public const string TenantDeleted = "msphub.tenant.deleted";

    /// <summary>Rows were moved between tenants, or one tenant was merged into another; the subject says what moved.</summary>
    public const string TenantDataMoved = "msphub.tenant.data-moved";
}
