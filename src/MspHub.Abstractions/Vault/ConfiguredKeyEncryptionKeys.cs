using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="IKeyEncryptionKeyProvider"/>: AES-256-GCM under the keys of <see cref="VaultOptions.KeyEncryptionKeys"/>,
/// with the tenant id as associated data, so a data key copied into another tenant's row does not unwrap. The
/// wrapped form is nonce (12 bytes), tag (16 bytes), then the encrypted data key.
/// </summary>
internal sealed class ConfiguredKeyEncryptionKeys : IKeyEncryptionKeyProvider
{
    public const int KeyBytes = 32;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> _keys;

    // The options were checked at start (MspHubBuilderVaultExtensions, VaultOptionsValidator): with this provider,
    // every key decodes and CurrentKeyId names one of them.
    public ConfiguredKeyEncryptionKeys(IOptions<VaultOptions> options)
    {
        var configured = options.Value;
        _keys = configured.KeyEncryptionKeys.ToDictionary(k => k.Key, k => Decode(k.Value)!, StringComparer.Ordinal);
        CurrentKeyId = configured.CurrentKeyId!;
    }

    public string CurrentKeyId { get; }

    /// <summary>The key in <paramref name="base64"/>, or <see langword="null"/> when it is not <see cref="KeyBytes"/> bytes of base64.</summary>
    public static byte[]? Decode(string? base64)
    {
        var bytes = new byte[KeyBytes];
        return base64 is not null && Convert.TryFromBase64String(base64, bytes, out var written) && written == KeyBytes ? bytes : null;
    }

    public ValueTask<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, Guid tenantId, CancellationToken cancellationToken = default)
    {
        var wrapped = new byte[NonceBytes + TagBytes + dataKey.Length];
        var nonce = wrapped.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[CurrentKeyId], TagBytes);
        aes.Encrypt(nonce, dataKey.Span, wrapped.AsSpan(NonceBytes + TagBytes), wrapped.AsSpan(NonceBytes, TagBytes), Context(tenantId));
        return new(new WrappedDataKey(CurrentKeyId, wrapped));
    }

    public ValueTask<byte[]> UnwrapAsync(WrappedDataKey wrapped, Guid tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        if (!_keys.TryGetValue(wrapped.KeyId, out var key))
        {
            throw new CryptographicException($"The key-encryption key '{wrapped.KeyId}' is not configured; keep retired keys in {VaultOptions.SectionName}:KeyEncryptionKeys until every data key is re-wrapped.");
        }

        var bytes = wrapped.Wrapped;
        if (bytes.Length <= NonceBytes + TagBytes)
        {
            throw new CryptographicException("The wrapped data key is truncated.");
        }

        var dataKey = new byte[bytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes + TagBytes), bytes.AsSpan(NonceBytes, TagBytes), dataKey, Context(tenantId));
        return new(dataKey);
    }

    private static byte[] Context(Guid tenantId) => tenantId.ToByteArray(bigEndian: true);
}
