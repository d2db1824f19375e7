namespace MspHub;

/// <summary>Where each tenant's own setting values are kept. Use <see cref="ITenantSettings"/>, which resolves inheritance; stores only persist.</summary>
public interface ITenantSettingsStore
{
    /// <summary>The values <paramref name="tenantId"/> sets itself, by key.</summary>
    Task<IReadOnlyDictionary<string, string>> GetAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Sets <paramref name="key"/> for <paramref name="tenantId"/>; <see langword="null"/> removes the tenant's own value, so it inherits again.</summary>
    Task SetAsync(Guid tenantId, string key, string? value, CancellationToken cancellationToken = default);
}
