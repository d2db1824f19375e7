namespace MspHub;

/// <summary>
/// Answers "may this user do this in this tenant?". A user's permissions in a tenant are computed once
/// and cached as a <see cref="PermissionSet"/>, so a warm check is a dictionary look-up and a bit test
/// with no allocation. Services that change access call <see cref="InvalidateUser"/> or
/// <see cref="InvalidateTenant"/>, so a revoked permission is denied from the very next check.
/// </summary>
public interface IPermissionEvaluator
{
    /// <summary>The permissions <paramref name="userId"/> holds in <paramref name="tenantId"/>.</summary>
    ValueTask<PermissionSet> GetPermissionsAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The permissions <paramref name="userId"/> holds in each of <paramref name="tenantIds"/>, in the same order:
    /// cached sets are served from memory and every miss is loaded in one batch, in one service scope, through
    /// <see cref="IAccessStore.GetAccessFactsAsync(Guid, IReadOnlyList{Guid}, CancellationToken)"/>.
    /// </summary>
    ValueTask<IReadOnlyList<PermissionSet>> GetPermissionsAsync(Guid userId, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The permissions <paramref name="userId"/> holds in <paramref name="tenantId"/>, with the access version
    /// they were computed at, so a session token can be compared with what this process knows.
    /// </summary>
    ValueTask<TenantAccess> GetAccessAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the access of <paramref name="userId"/> in <paramref name="tenantId"/> from the store, whatever is cached,
    /// and caches it: for a session token newer than the cached access, a change this process has not heard of. A
    /// version higher than any seen for the user drops their other entries too; otherwise nothing else is touched, so
    /// a token that keeps presenting a version the store does not have (a removed user's) costs one look-up a time.
    /// </summary>
    ValueTask<TenantAccess> RefreshAccessAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        InvalidateUser(userId);
        return GetAccessAsync(userId, tenantId, cancellationToken);
    }

    /// <summary>Whether <paramref name="userId"/> holds <paramref name="permission"/> in <paramref name="tenantId"/>.</summary>
    ValueTask<bool> HasPermissionAsync(Guid userId, Guid tenantId, PermissionId permission, CancellationToken cancellationToken = default);

    /// <summary>Forgets every cached entry of <paramref name="userId"/>: call after changing their system role, memberships or grants.</summary>
    void InvalidateUser(Guid userId);

    /// <summary>
    /// Forgets every cached entry in <paramref name="tenantId"/> and in every tenant under it (as the tree stood when
    /// each entry was read): call after changing a tenant role's permissions, which descendants inherit, or moving the tenant.
    /// </summary>
    void InvalidateTenant(Guid tenantId);
}
