namespace MspHub;

/// <summary>
/// Who calls the vault: a signed-in user, whose permissions MspHub evaluates in the tenant, or an API key, which holds
/// what its authentication established and acts only in its own tenant. The vault decides what a caller may do; a
/// caller only says who it is.
/// </summary>
public sealed class VaultCaller
{
    private readonly string[] _keyPermissions;

    private VaultCaller(AuditActor actor, Guid? keyTenantId, string[] keyPermissions)
    {
        Actor = actor;
        KeyTenantId = keyTenantId;
        _keyPermissions = keyPermissions;
    }

    /// <summary>Who the caller is on the audit records the vault writes.</summary>
    public AuditActor Actor { get; }

    /// <summary>The tenant of an API key caller, the only one it reaches; <see langword="null"/> for a user.</summary>
    internal Guid? KeyTenantId { get; }

    /// <summary>The id of a user caller; <see langword="null"/> for an API key.</summary>
    internal Guid? UserId => KeyTenantId is null ? Actor.Id : null;

    /// <summary>A signed-in user, who holds what their role, memberships and grants give them in the tenant.</summary>
    public static VaultCaller User(Guid userId) => new(AuditActor.User(Guard.Id(userId, "A user id")), null, []);

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

    /// <summary>Whether an API key caller holds <paramref name="permission"/>; always <see langword="false"/> for a user.</summary>
    internal bool KeyHolds(string permission) => _keyPermissions.Contains(permission, StringComparer.Ordinal);
}
