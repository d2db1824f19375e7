namespace MspHub;

/// <summary>
/// Who calls the vault: a signed-in user, whose permissions MspHub evaluates in the tenant, or an API key, which holds
/// what its authentication established and acts only in its own tenant. The vault decides what a caller may do; a
/// caller only says who it is.
/// </summary>
public sealed class VaultCaller
{
    private readonly string[] _keyPermissions;

    private VaultCaller(AuditActor actor, Guid? keyTenantId, string[] keyPermissions, DateTimeOffset? authenticatedAt = null, Guid? approvalId = null)
    {
        Actor = actor;
        KeyTenantId = keyTenantId;
        _keyPermissions = keyPermissions;
        AuthenticatedAt = authenticatedAt;
        ApprovalId = approvalId;
    }

    /// <summary>Who the caller is on the audit records the vault writes.</summary>
    public AuditActor Actor { get; }

    /// <summary>The tenant of an API key caller, the only one it reaches; <see langword="null"/> for a user.</summary>
    internal Guid? KeyTenantId { get; }

    /// <summary>The id of a user caller; <see langword="null"/> for an API key.</summary>
    internal Guid? UserId => KeyTenantId is null ? Actor.Id : null;

    /// <summary>When a user caller last signed in interactively, for an operation gate at L3; <see langword="null"/> when unknown.</summary>
    public DateTimeOffset? AuthenticatedAt { get; }

    /// <summary>The approved request of the reveal gate (<see cref="VaultOperations.Reveal"/>, L2 by default) this call executes; <see langword="null"/> to ask for one.</summary>
    public Guid? ApprovalId { get; }

    /// <summary>A signed-in user, who holds what their role, memberships and grants give them in the tenant.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="authenticatedAt">When they last signed in interactively (the session's <c>auth_time</c>), which an L3 reveal gate needs.</param>
    public static VaultCaller User(Guid userId, DateTimeOffset? authenticatedAt = null) => new(AuditActor.User(Guard.Id(userId, "A user id")), null, [], authenticatedAt);

    /// <summary>
    /// The same caller executing the approved request <paramref name="approvalId"/>: what a reveal asks for when the
    /// reveal gate is L2 and a first attempt answered with <see cref="ApprovalRequiredException"/>.
    /// </summary>
    public VaultCaller WithApproval(Guid approvalId) => new(Actor, KeyTenantId, _keyPermissions, AuthenticatedAt, Guard.Id(approvalId, "An approval id"));

    /// <summary>
    /// An API key, as its authentication found it (<see cref="ApiKeyAuthentication"/>): it reaches only its own tenant,
    /// and reveals only when <paramref name="permissions"/> name <see cref="VaultPermissions.Reveal"/>.
    /// </summary>
    /// <param name="keyId">The key's id (never its secret).</param>
    /// <param name="tenantId">The key's tenant.</param>
    /// <param name="permissions">The permissions the key holds now (<see cref="ApiKeyAuthentication.Permissions"/>).</param>
    public static VaultCaller ApiKey(Guid keyId, Guid tenantId, IEnumerable<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        return new(AuditActor.ApiKey(Guard.Id(keyId, "An API key id")), Guard.Id(tenantId, "A tenant id"), [.. permissions]);
    }

    /// <summary>The caller as the operation gate sees it.</summary>
    internal GateCaller ToGateCaller() => KeyTenantId is null ? GateCaller.Person(Actor.Id!.Value, AuthenticatedAt) : GateCaller.ApiKey(Actor.Id!.Value);

    /// <summary>Whether an API key caller holds <paramref name="permission"/>; always <see langword="false"/> for a user.</summary>
    internal bool KeyHolds(string permission) => _keyPermissions.Contains(permission, StringComparer.Ordinal);
}
