namespace MspHub;

/// <summary>
/// The key-encryption key (KEK) that wraps every tenant's data key. The default uses the keys configured in
/// <see cref="VaultOptions.KeyEncryptionKeys"/>; MspHub.AspNetCore offers ASP.NET Core Data Protection; a host plugs
/// in a cloud KMS or an HSM by implementing this interface and registering it as a singleton, so the KEK never
/// leaves the KMS. Implementations must bind the wrapped key to the tenant: unwrapping one tenant's data key for
/// another tenant fails.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>The id of the key new data keys are wrapped with; rotation re-wraps keys whose id differs.</summary>
    string CurrentKeyId { get; }

    /// <summary>Wraps <paramref name="dataKey"/> for <paramref name="tenantId"/> under the current key.</summary>
    ValueTask<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Unwraps a data key of <paramref name="tenantId"/>, under whichever key wrapped it.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key was altered, belongs to another tenant, or names a key this provider does not have.</exception>
    ValueTask<byte[]> UnwrapAsync(WrappedDataKey wrapped, Guid tenantId, CancellationToken cancellationToken = default);
}
