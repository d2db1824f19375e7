using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub;

/// <summary>Adds the tenant vault to MspHub.</summary>
public static class MspHubBuilderVaultExtensions
{
    /// <summary>
    /// Adds <see cref="ITenantVault"/>, <see cref="IVaultGovernance"/> and <see cref="IVaultKeyShredder"/>, declares
    /// <see cref="VaultPermissions"/> in the catalog, and wraps data keys with the keys of
    /// <see cref="VaultOptions.KeyEncryptionKeys"/> unless another <see cref="IKeyEncryptionKeyProvider"/> is registered.
    /// Keeps secrets in the host database with <c>AddEntityFrameworkStores</c>, otherwise in process memory (for tests
    /// and hosts without a database: lost when the process ends).
    /// </summary>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configure">Changes <see cref="VaultOptions"/>; checked when the host starts.</param>
    /// <example><code>hub.AddTenantVault(o => { o.KeyEncryptionKeys["kek-2026"] = configuration["Vault:Kek2026"]!; o.CurrentKeyId = "kek-2026"; });</code></example>
    public static MspHubBuilder AddTenantVault(this MspHubBuilder hub, Action<VaultOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.AddValidatedOptions<VaultOptions, VaultOptionsValidator>(configure ?? (_ => { }));
        if (hub.Services.Any(d => d.ServiceType == typeof(TenantVault)))
        {
            return hub;
        }

        hub.AddPermissions(p => p.Resource(VaultPermissions.Resource)
            .Action(PermissionActions.View)
            .Action(Permission.Parse(VaultPermissions.Reveal).Action)
            .Action(Permission.Parse(VaultPermissions.Manage).Action));
        hub.Services.TryAddSingleton<IKeyEncryptionKeyProvider, ConfiguredKeyEncryptionKeys>();

        // Checked when the host starts, against the registrations it started with: only the default provider needs configured keys.
        var services = hub.Services;
        hub.Services.AddOptions<VaultOptions>().Validate(
            o => o.KeyEncryptionKeys.Count > 0
                || services.LastOrDefault(d => d.ServiceType == typeof(IKeyEncryptionKeyProvider))?.ImplementationType != typeof(ConfiguredKeyEncryptionKeys),
            $"{VaultOptions.SectionName}: set KeyEncryptionKeys and CurrentKeyId, or register an IKeyEncryptionKeyProvider "
            + "(ASP.NET Core Data Protection with hub.AddDataProtectionKeyEncryption(), or a KMS of your own).");
        hub.Services.TryAddSingleton<IVaultStore, InMemoryVaultStore>();
        hub.Services.TryAddSingleton<VaultDataKeys>();
        hub.Services.AddScoped<TenantVault>();
        hub.Services.TryAddScoped<ITenantVault>(sp => sp.GetRequiredService<TenantVault>());
        hub.Services.TryAddScoped<IVaultGovernance>(sp => sp.GetRequiredService<TenantVault>());
        hub.Services.TryAddScoped<IVaultKeyShredder>(sp => sp.GetRequiredService<TenantVault>());
        return hub;
    }
}
