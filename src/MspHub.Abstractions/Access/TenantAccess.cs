namespace MspHub;

/// <summary>A user's permissions in a tenant, with the user's access version they were computed at.</summary>
/// <param name="Permissions">The permissions, and whether the user may enter the tenant at all.</param>
/// <param name="AccessVersion">The user's <see cref="HubUser.AccessVersion"/> when the permissions were read from the store.</param>
public readonly record struct TenantAccess(PermissionSet Permissions, long AccessVersion)
{
    /// <summary>
    /// Whether the user holds this access as an MSP technician through a technician grant in force here (the tenant's
    /// own, or a subtree grant above it) rather than as one of the tenant's members: the audit log then records what
    /// they do in the tenant as <see cref="AuditActorKind.Technician"/>, so the client can tell the MSP's staff from
    /// its own people. Known with the permissions, so asking costs nothing more than they do.
    /// </summary>
    public bool ThroughTechnicianGrant { get; init; }

    /// <summary>
    /// Whether the store does not know the user (removed with their last tenant) or the user is deactivated: their
    /// session tokens are outdated whatever access version they carry. <see langword="false"/> unless set, so an
    /// evaluator of the host's own that builds its accesses without it leaves every user active.
    /// </summary>
    public bool UserInactive { get; init; }
}
