namespace MspHub;

/// <summary>A thread-safe <see cref="IApiKeyStore"/> in process memory, for tests and small hosts; keys are lost on restart.</summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ApiKey> _byPrefix = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task AddAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_byPrefix.Values.Any(k => k.Id == key.Id))
            {
                throw new ConflictException("API key", "id", key.Id.ToString());
            }

            if (!_byPrefix.TryAdd(key.Prefix, key))
            {
                throw new ConflictException("API key", "prefix", key.Prefix);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ApiKey?> FindByPrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return new(_byPrefix.GetValueOrDefault(prefix));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKey>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ApiKey>>([.. _byPrefix.Values.Where(k => k.TenantId == tenantId).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)]);
        }
    }

    /// <inheritdoc />
    public Task<bool> RevokeAsync(Guid tenantId, Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_byPrefix.Values.FirstOrDefault(k => k.Id == id && k.TenantId == tenantId && k.RevokedAt is null) is not { } key)
            {
                return Task.FromResult(false);
            }

            _byPrefix[key.Prefix] = key with { RevokedAt = at };
            return Task.FromResult(true);
        }
    }
}
