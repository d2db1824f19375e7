namespace MspHub;

/// <summary>
/// Settings inherited down the tenant hierarchy (seed 001): a tenant's own value wins, else its parent's, and
/// so on up to the top, else the install default (<see cref="MspHubOptions.SettingDefaults"/>). A client's
/// schedule set once at the MSP applies to every branch until a branch overrides it.
/// </summary>
public interface ITenantSettings
{
    /// <summary>The value of <paramref name="key"/> in force for <paramref name="tenantId"/>, or <see langword="null"/> when nothing sets it.</summary>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    Task<TenantSetting?> GetAsync(Guid tenantId, string key, CancellationToken cancellationToken = default);

    /// <summary>Every setting in force for <paramref name="tenantId"/>, by key.</summary>
    Task<IReadOnlyDictionary<string, TenantSetting>> GetAllAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Sets the tenant's own value of <paramref name="key"/>; <see langword="null"/> clears it, so the inherited value applies again.</summary>
    /// <exception cref="ArgumentException">The key or value breaks a rule.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="TenantOperationException">The tenant is being deleted; nothing was written.</exception>
    Task SetAsync(Guid tenantId, string key, string? value, CancellationToken cancellationToken = default);
}
