using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub.AspNetCore;

/// <summary>Wraps the vault's data keys with ASP.NET Core Data Protection.</summary>
public static class MspHubBuilderVaultDataProtectionExtensions
{
    /// <summary>
    /// Makes ASP.NET Core Data Protection the vault's key-encryption key, instead of a key in
    /// <see cref="VaultOptions.KeyEncryptionKeys"/>: for hosts that already persist and protect a Data Protection key
    /// ring (a shared folder or database, protected by a certificate, DPAPI or a cloud key vault). Configure the key ring
    /// as usual with <c>services.AddDataProtection()</c>; without a persisted ring, keys live in memory and every
    /// secret becomes unreadable when the process restarts.
    /// </summary>
    /// <example><code>hub.AddTenantVault().AddDataProtectionKeyEncryption();</code></example>
    public static MspHubBuilder AddDataProtectionKeyEncryption(this MspHubBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.AddDataProtection();
        hub.Services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider, DataProtectionKeyEncryptionKeys>());
        return hub;
    }
}
