namespace MspHub;

/// <summary>
/// The <see cref="AuditRecord.Action"/> names MspHub records, so hosts can filter and alert on them; host actions use
/// their own names (a prefix of their own, such as <c>"sample."</c>). Tenant lifecycle, users, system roles and grants
/// are MSP-level (the MSP chain, the tenant or user as target); what happens inside one tenant (roles, memberships,
/// technician grants, API keys, quota and access refusals) goes to that tenant's chain.
/// </summary>
public static class AuditActions
{
    /// <summary>A cross-tenant scope was opened; the target is the scope's name. In the outer tenant's chain, or the MSP chain.</summary>
    public const string CrossTenantScopeOpened = "msphub.tenancy.cross-tenant-scope-opened";

    /// <summary>A read-only subtree scope was opened, in the chain of its root; the target is the scope's name, the detail how many tenants it reaches.</summary>
    public const string SubtreeScopeOpened = "msphub.tenancy.subtree-scope-opened";

    /// <summary>A caller who holds nothing in a tenant was refused there (refused; aggregated); the target is the permission or the tenant entry.</summary>
    public const string CrossTenantAccessDenied = "msphub.access.cross-tenant-denied";

    /// <summary>A caller who may enter a tenant lacked a permission there (refused; aggregated); the target is the permission.</summary>
    public const string PermissionDenied = "msphub.access.permission-denied";

    /// <summary>A tenant hit a quota (refused; aggregated); the target is the quota, the detail its usage. Route it to the tenant's administrators.</summary>
    public const string QuotaExceeded = "msphub.quota.exceeded";

    /// <summary>A licence was activated or renewed (MSP chain); the target is the licence, the detail the new MSP admin.</summary>
    public const string LicenceActivated = "msphub.licence.activated";

    /// <summary>A tenant was created (MSP chain); the target is the tenant.</summary>
    public const string TenantCreated = "msphub.tenant.created";

    /// <summary>A tenant was renamed, moved, suspended or reactivated (MSP chain); the detail says what changed.</summary>
    public const string TenantChanged = "msphub.tenant.changed";

    /// <summary>
    /// A setting of a tenant was set or cleared (the tenant's chain); the target is the key, the detail says which, with
    /// the value for MspHub's own keys (<c>msphub.*</c>, such as technician consent) and never for a host's, which may hold anything.
    /// </summary>
    public const string TenantSettingChanged = "msphub.tenant.setting-changed";

    /// <summary>A tenant and everything it owned was deleted (MSP chain); the detail summarises the wipe.</summary>
    public const string TenantDeleted = "msphub.tenant.deleted";

    /// <summary>A tenant's data moved to another placement, or a move of it was rolled back (refused, with the reason); the detail names both databases.</summary>
    public const string TenantPlacementMoved = "msphub.tenant.placement-moved";

    /// <summary>Rows were moved between tenants, or one tenant was merged into another (MSP chain); the detail says what moved.</summary>
    public const string TenantDataMoved = "msphub.tenant.data-moved";

    /// <summary>A tenant role was created or changed (tenant chain); the target is the role.</summary>
    public const string RoleSaved = "msphub.access.role-saved";

    /// <summary>A tenant role was deleted (tenant chain); the target is the role.</summary>
    public const string RoleDeleted = "msphub.access.role-deleted";

    /// <summary>A user's membership and roles in a tenant were set (tenant chain); the target is the user.</summary>
    public const string MemberSet = "msphub.access.member-set";

    /// <summary>A user's membership in a tenant was removed (tenant chain); the target is the user.</summary>
    public const string MemberRemoved = "msphub.access.member-removed";

    /// <summary>A user was added to the hub (MSP chain); the target is the user.</summary>
    public const string UserAdded = "msphub.access.user-added";

    /// <summary>A user's system role changed (MSP chain); the detail names the new role.</summary>
    public const string SystemRoleSet = "msphub.access.system-role-set";

    /// <summary>A user was activated or deactivated (MSP chain).</summary>
    public const string UserActiveSet = "msphub.access.user-active-set";

    /// <summary>A technician was granted permissions in a tenant (that tenant's chain, so its administrators see who may act there); the target is the technician.</summary>
    public const string TechnicianGranted = "msphub.access.technician-granted";

    /// <summary>A technician's grant in a tenant was revoked (that tenant's chain); the target is the technician.</summary>
    public const string TechnicianRevoked = "msphub.access.technician-revoked";

    /// <summary>A technician's grant in a tenant got a new expiry with the same permissions (that tenant's chain); the target is the technician, the detail the expiry.</summary>
    public const string TechnicianRenewed = "msphub.access.technician-renewed";

    /// <summary>A new or wider technician grant waits for the tenant's consent (that tenant's chain); the target is the technician, the detail the request and what it asks.</summary>
    public const string TechnicianConsentRequested = "msphub.access.technician-consent-requested";

    /// <summary>A tenant administrator approved a technician's request (that tenant's chain; the actor is the approver); the target is the technician.</summary>
    public const string TechnicianConsented = "msphub.access.technician-consented";

    /// <summary>A tenant administrator declined a technician's request (that tenant's chain); the target is the technician.</summary>
    public const string TechnicianConsentDeclined = "msphub.access.technician-consent-declined";

    /// <summary>A tenant's administrator revoked a technician's grant there (that tenant's chain); the target is the technician.</summary>
    public const string TechnicianRevokedByTenant = "msphub.access.technician-revoked-by-tenant";

    /// <summary>
    /// A technician's elevation took effect (that tenant's chain; the actor is the technician); the target is the
    /// technician, the detail the permissions, reason, expiry and the approval it was activated with, if any.
    /// </summary>
    public const string TechnicianElevated = "msphub.access.technician-elevated";

    /// <summary>A technician's elevation was ended before its expiry (that tenant's chain); the target is the technician.</summary>
    public const string TechnicianElevationEnded = "msphub.access.technician-elevation-ended";

    /// <summary>Every admin-tenancy user was given a shadow membership in a new tenant (MSP chain: shadow members stay out of the tenant's view); the target is the tenant.</summary>
    public const string ShadowMembershipsAdded = "msphub.access.shadow-memberships-added";

    /// <summary>Another tenant was designated the admin tenancy (MSP chain); the target is the tenant.</summary>
    public const string AdminTenancyDesignated = "msphub.access.admin-tenancy-designated";

    /// <summary>An API key was created (tenant chain); the target is the key's id, never its secret.</summary>
    public const string ApiKeyCreated = "msphub.api-key.created";

    /// <summary>A chain was exported (in the exported chain, so its readers see who took a copy); the detail names the format and the records.</summary>
    public const string AuditExported = "msphub.audit.exported";

    /// <summary>
    /// A reader searched the audit log of a tenant and its descendants (in the root's chain, so the branch's readers see
    /// who looked across it); the target is the root, the detail how many tenants the search reached.
    /// </summary>
    public const string AuditSubtreeSearched = "msphub.audit.subtree-searched";

    /// <summary>An API key was revoked (tenant chain); the target is the key's id.</summary>
    public const string ApiKeyRevoked = "msphub.api-key.revoked";

    /// <summary>A session token was issued to a user (the tenant's chain, or the MSP chain for a session in no tenant); the target is the user, the detail the session id and expiry. Refused issues are recorded too (aggregated).</summary>
    public const string SessionIssued = "msphub.session.issued";

    /// <summary>A user switched their session into a tenant (that tenant's chain); the target is the user, the detail the tenant switched from.</summary>
    public const string SessionSwitched = "msphub.session.switched";

    /// <summary>A licensed feature was turned on or off for a tenant (tenant chain); the target is the feature.</summary>
    public const string FeatureSet = "msphub.feature.set";

    /// <summary>A tenant's limit for a quota was set or cleared (tenant chain); the target is the quota, the detail the limit.</summary>
    public const string QuotaLimitSet = "msphub.quota.limit-set";

    /// <summary>A tenant's branding, or the MSP's (MSP chain), was changed; the detail says which part, and a new logo's SHA-256.</summary>
    public const string BrandingChanged = "msphub.branding.changed";

    /// <summary>An expired API key was presented (refused; aggregated; the key's tenant chain); the target is the key.</summary>
    public const string ApiKeyExpired = "msphub.api-key.expired";

    /// <summary>A batch of tenants was imported or synchronised (MSP chain); the detail counts what was created, updated and left alone.</summary>
    public const string TenantsImported = "msphub.tenant.imported";

    /// <summary>Records older than the retention age were archived and removed from the chain they were in; the detail names the range, the signed checkpoint that anchors what remains, and the archive's SHA-256.</summary>
    public const string AuditPruned = "msphub.audit.pruned";

    /// <summary>A quiet chain's unsigned tail was sealed with a checkpoint (<see cref="IAuditSealer"/>; signed at once, by the system).</summary>
    public const string AuditChainSealed = "msphub.audit.chain-sealed";

    /// <summary>A tenant was deleted (MSP chain, signed at once): the detail carries the rows removed per table, the archive of the tenant's chain and its SHA-256, and the chain's final head, so the deletion can be proven later.</summary>
    public const string TenantDeletionCertified = "msphub.tenant.deletion-certified";

    /// <summary>An L1 operation ran (tenant chain); the target is the operation, the detail its level and the host's summary.</summary>
    public const string GateNotified = "msphub.gate.notified";

    /// <summary>An L2 operation was asked for approval (tenant chain); the target is the request, the detail the operation and the arguments' SHA-256, never their values.</summary>
    public const string GateRequested = "msphub.gate.requested";

    /// <summary>An approval request was approved (tenant chain); the actor is the approver.</summary>
    public const string GateApproved = "msphub.gate.approved";

    /// <summary>An approval request was denied (tenant chain); the actor is the approver.</summary>
    public const string GateDenied = "msphub.gate.denied";

    /// <summary>An approval request was cancelled by its requester (tenant chain).</summary>
    public const string GateCancelled = "msphub.gate.cancelled";

    /// <summary>An approved L2 operation was executed, or an L3 operation was run by a person (tenant chain).</summary>
    public const string GateExecuted = "msphub.gate.executed";

    /// <summary>The operation gate refused a call, an approval, a denial or a cancellation (refused; aggregated; tenant chain); the reason names the refusal.</summary>
    public const string GateRefused = "msphub.gate.refused";

    /// <summary>A vault secret was created (tenant chain); the target is the secret's id, the detail its name, kind and version, never its value.</summary>
    public const string VaultSecretCreated = "msphub.vault.created";

    /// <summary>A vault secret got a new version (tenant chain); the detail names the version. Older versions stay readable.</summary>
    public const string VaultSecretRotated = "msphub.vault.rotated";

    /// <summary>A vault secret and all its versions were deleted (tenant chain).</summary>
    public const string VaultSecretDeleted = "msphub.vault.deleted";

    /// <summary>
    /// A vault secret's value was revealed, or a reveal was refused (tenant chain, whoever asked, MSP admins included):
    /// the actor, the secret, the version and the gate operation (<see cref="VaultOperations.Reveal"/>), never the value.
    /// </summary>
    public const string VaultSecretRevealed = "msphub.vault.revealed";

    /// <summary>Tenants' data keys were re-wrapped under a new key-encryption key (MSP chain); the detail names the key and how many were done.</summary>
    public const string VaultDataKeysRewrapped = "msphub.vault.data-keys-rewrapped";
}
