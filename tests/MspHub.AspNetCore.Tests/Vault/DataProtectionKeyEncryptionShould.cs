using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;

namespace MspHub.AspNetCore.Tests.Vault;

/// <summary>ASP.NET Core Data Protection as the vault's key-encryption key: data keys unwrap for their own tenant only.</summary>
public sealed class DataProtectionKeyEncryptionShould
{
    [Fact]
    public async Task Wrap_a_data_key_that_unwraps_for_its_tenant_only()
    {
        await using var services = new ServiceCollection()
            .AddMspHub(hub => hub.AddInMemoryTenantStore().AddTenantVault().AddDataProtectionKeyEncryption())
            .Services.BuildServiceProvider();
        var provider = services.GetRequiredService<IKeyEncryptionKeyProvider>();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var (tenant, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        var wrapped = await provider.WrapAsync(dataKey, tenant);

        Assert.Equal(provider.CurrentKeyId, wrapped.KeyId);
        Assert.False(wrapped.Wrapped.AsSpan().IndexOf(dataKey) >= 0);
        Assert.Equal(dataKey, await provider.UnwrapAsync(wrapped, tenant));
        await Assert.ThrowsAnyAsync<CryptographicException>(async () => await provider.UnwrapAsync(wrapped, other));
        await Assert.ThrowsAnyAsync<CryptographicException>(async () => await provider.UnwrapAsync(wrapped with { KeyId = "kek-1" }, tenant));
    }

    [Fact]
    public async Task Stop_the_start_without_a_key_encryption_key_unless_a_provider_is_registered()
    {
        await using var bare = new ServiceCollection().AddMspHub(hub => hub.AddInMemoryTenantStore().AddTenantVault()).Services.BuildServiceProvider();
        await using var protectedByDataProtection = new ServiceCollection()
            .AddMspHub(hub => hub.AddInMemoryTenantStore().AddTenantVault().AddDataProtectionKeyEncryption())
            .Services.BuildServiceProvider();

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => bare.GetRequiredService<Microsoft.Extensions.Options.IOptions<VaultOptions>>().Value);
        Assert.Contains("KeyEncryptionKeys", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10_000, protectedByDataProtection.GetRequiredService<Microsoft.Extensions.Options.IOptions<VaultOptions>>().Value.DataKeyCacheSize);
    }
}
