namespace MspHub;

/// <summary>Where API keys are kept. Use <see cref="IApiKeyManager"/> to create and check keys; stores only persist.</summary>
public interface IApiKeyStore
{
    /// <summary>Adds a key.</summary>
    /// <exception cref="ConflictException">The id or prefix is taken.</exception>
    Task AddAsync(ApiKey key, CancellationToken cancellationToken = default);

    /// <summary>Finds the key with <paramref name="prefix"/>, revoked or not.</summary>
    ValueTask<ApiKey?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>The keys of <paramref name="tenantId"/>, newest first, revoked ones included.</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Marks the key revoked at <paramref name="at"/>, unless it already is.</summary>
    /// <returns>Whether a live key of <paramref name="tenantId"/> with <paramref name="id"/> was revoked.</returns>
    Task<bool> RevokeAsync(Guid tenantId, Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
