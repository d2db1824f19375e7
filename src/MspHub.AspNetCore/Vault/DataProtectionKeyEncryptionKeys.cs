using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace MspHub.AspNetCore;

/// <summary>
/// An <see cref="IKeyEncryptionKeyProvider"/> over ASP.NET Core Data Protection: each tenant's data key is protected
/// with a protector whose purpose chain ends in the tenant id, so it unprotects for that tenant only. Data Protection
/// rotates and retires its own keys (its key ring), so this provider has one key id and a re-wrap has nothing to do.
/// </summary>
internal sealed class DataProtectionKeyEncryptionKeys(IDataProtectionProvider protection) : IKeyEncryptionKeyProvider
{
    /// <summary>The key id data keys wrapped by Data Protection carry.</summary>
    public const string KeyId = "aspnetcore-data-protection";

    private const string Purpose = "MspHub.Vault.DataKey";

    public string CurrentKeyId => KeyId;

    public ValueTask<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, Guid tenantId, CancellationToken cancellationToken = default) =>
        new(new WrappedDataKey(KeyId, Protector(tenantId).Protect(dataKey.ToArray())));

    public ValueTask<byte[]> UnwrapAsync(WrappedDataKey wrapped, Guid tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        return wrapped.KeyId == KeyId
            ? new(Protector(tenantId).Unprotect(wrapped.Wrapped))
            : throw new CryptographicException($"The data key was wrapped by '{wrapped.KeyId}', not by Data Protection; register the provider that wrapped it.");
    }

    private IDataProtector Protector(Guid tenantId) => protection.CreateProtector(Purpose, tenantId.ToString("N"));
}
