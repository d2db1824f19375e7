namespace MspHub;

/// <summary>A thread-safe <see cref="ITenantSettingsStore"/> in process memory, for tests and small hosts.</summary>
public sealed class InMemoryTenantSettingsStore : ITenantSettingsStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(Guid Tenant, string Key), string> _values = [];

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(
                _values.Where(v => v.Key.Tenant == tenantId).ToDictionary(v => v.Key.Key, v => v.Value, StringComparer.Ordinal));
        }
    }

    /// <inheritdoc />
    public Task SetAsync(Guid tenantId, string key, string? value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (value is null)
            {
                _values.Remove((tenantId, key));
            }
            else
            {
                _values[(tenantId, key)] = value;
            }
        }

        return Task.CompletedTask;
    }
}
