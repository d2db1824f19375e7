namespace MspHub;

/// <summary>
/// Creates, checks and revokes per-tenant API keys. A key is 32 random bytes, shown once; only its SHA-256
/// is stored, with a random prefix to find it by. Creating one needs the sensitive permission named by
/// <see cref="MspHubOptions.ApiKeyPermission"/>, which technicians never hold, and a key can hold only
/// permissions its creator holds in the tenant, never sensitive or MSP-level ones.
/// </summary>
public interface IApiKeyManager
{
    /// <summary>Creates a key for <paramref name="tenantId"/> on behalf of <paramref name="creatorId"/>.</summary>
    /// <exception cref="AccessRuleException">The creator may not create keys there, or asked for a permission the key cannot hold.</exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    Task<CreatedApiKey> CreateAsync(Guid creatorId, Guid tenantId, string name, IEnumerable<string> permissions, CancellationToken cancellationToken = default);

    /// <summary>The live key <paramref name="presented"/> names, or <see langword="null"/> for anything else (malformed, unknown, wrong secret, revoked).</summary>
    ValueTask<ApiKey?> FindLiveAsync(string presented, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key of <paramref name="tenantId"/>; the next request that presents it is refused.</summary>
    /// <returns>Whether a live key was revoked.</returns>
    Task<bool> RevokeAsync(Guid tenantId, Guid id, CancellationToken cancellationToken = default);
}
