namespace MspHub;

/// <summary>
/// Who reads the audit log: a signed-in user, or an API key. The log decides what a reader sees
/// (<see cref="IAuditLog.QueryAsync(AuditQuery, AuditReader, CancellationToken)"/>), so a reader only says who it is
/// and, for a key, what its authentication established: the key's tenant and the permissions the key holds now.
/// </summary>
public sealed class AuditReader
{
    private readonly string[] _keyPermissions;

    private AuditReader(AuditActor actor, Guid? keyTenantId, string[] keyPermissions)
    {
        Actor = actor;
        KeyTenantId = keyTenantId;
        _keyPermissions = keyPermissions;
    }

    /// <summary>Who the reader is on the records reading writes (an export's <see cref="AuditActions.AuditExported"/>).</summary>
    public AuditActor Actor { get; }

    /// <summary>The tenant of an API key reader, the only chain it can ever read; <see langword="null"/> for a user.</summary>
    internal Guid? KeyTenantId { get; }

    /// <summary>A signed-in user: an MSP admin reads every chain, anyone else the active tenant's with the audit permission there.</summary>
    public static AuditReader User(Guid userId) => new(AuditActor.User(userId), null, []);

    /// <summary>
    /// An API key, as its authentication found it. A key reads only its own tenant's chain, and only when
    /// <paramref name="permissions"/> include <see cref="MspHubOptions.AuditPermission"/>; never the MSP-level chain.
    /// </summary>
    /// <param name="keyId">The key's id (never its secret): the actor of what reading records.</param>
    /// <param name="tenantId">The key's tenant.</param>
    /// <param name="permissions">The permissions the key holds now, as <c>resource.action</c> (<see cref="ApiKeyAuthentication.Permissions"/>).</param>
    public static AuditReader ApiKey(Guid keyId, Guid tenantId, IEnumerable<string> permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        return new(AuditActor.ApiKey(keyId), tenantId, [.. permissions]);
    }

    /// <summary>Whether an API key reader holds <paramref name="permission"/>; always <see langword="false"/> for a user, whose permissions the log evaluates.</summary>
    internal bool KeyHolds(string permission) => _keyPermissions.Contains(permission, StringComparer.Ordinal);
}
