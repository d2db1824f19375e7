namespace MspHub;

/// <summary>
/// Creates, checks and revokes per-tenant API keys. A key is 32 random bytes, shown once; only its SHA-256
/// is stored, with a random prefix to find it by. Creating one needs the sensitive permission named by
/// <see cref="MspHubOptions.ApiKeyPermission"/>, which technicians never hold, and a key can hold only
/// permissions its creator holds in the tenant, never sensitive or MSP-level ones. Every key expires, at most
/// <see cref="MspHubOptions.ApiKeyMaxLifetime"/> after its creation. On every use a key holds only what it was
/// granted that its creator still holds, and it stops working once its creator may no longer create keys there.
/// </summary>
public interface IApiKeyManager
{
    /// <summary>Creates a key for <paramref name="tenantId"/> on behalf of <paramref name="creatorId"/>, working until <paramref name="expiresAt"/>.</summary>
    /// <exception cref="AccessRuleException">
    /// The creator may not create keys there, or asked for a permission the key cannot hold.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="expiresAt"/> is not after now and within <see cref="MspHubOptions.ApiKeyMaxLifetime"/> of it (400 over HTTP).
    /// </exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    Task<CreatedApiKey> CreateAsync(
        Guid creatorId, Guid tenantId, string name, IEnumerable<string> permissions, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks the key <paramref name="presented"/>: it must be well formed, known, with the right secret, neither
    /// revoked nor expired, and its creator must still hold <see cref="MspHubOptions.ApiKeyPermission"/> in its
    /// tenant (read through <see cref="IPermissionEvaluator"/>, so it is cheap and follows the creator's access
    /// version). The answer carries the permissions the key holds now: those it was granted that its creator still holds.
    /// </summary>
    ValueTask<ApiKeyAuthentication> AuthenticateAsync(string presented, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key of <paramref name="tenantId"/>; the next request that presents it is refused.</summary>
    /// <returns>Whether a live key was revoked.</returns>
    Task<bool> RevokeAsync(Guid tenantId, Guid id, CancellationToken cancellationToken = default);
}
