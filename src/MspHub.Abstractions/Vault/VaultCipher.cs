using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MspHub;

/// <summary>
/// AES-256-GCM under a tenant's data key, with a random 12-byte nonce per version, a 16-byte tag and, as associated
/// data, the tenant id, the secret id and the version: bytes moved to another tenant's row, another secret or another
/// version fail authentication instead of decrypting.
/// </summary>
internal static class VaultCipher
{
    public const int DataKeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int AssociatedBytes = 16 + 16 + 4;

    public static VaultCiphertext Seal(byte[] dataKey, Guid tenantId, Guid secretId, int version, string value, DateTimeOffset at)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
            var cipher = new byte[plain.Length];
            var tag = new byte[TagBytes];
            Span<byte> associated = stackalloc byte[AssociatedBytes];
            Associate(associated, tenantId, secretId, version);
            using var aes = new AesGcm(dataKey, TagBytes);
            aes.Encrypt(nonce, plain, cipher, tag, associated);
            return new VaultCiphertext(version, nonce, cipher, tag, at);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <exception cref="CryptographicException">The bytes fail authentication under this key and these ids.</exception>
    public static string Open(byte[] dataKey, Guid tenantId, Guid secretId, VaultCiphertext stored)
    {
        if (stored.Nonce.Length != NonceBytes || stored.Tag.Length != TagBytes)
        {
            throw new CryptographicException("The stored nonce or tag has the wrong length.");
        }

        var plain = new byte[stored.Ciphertext.Length];
        try
        {
            Span<byte> associated = stackalloc byte[AssociatedBytes];
            Associate(associated, tenantId, secretId, stored.Version);
            using var aes = new AesGcm(dataKey, TagBytes);
            aes.Decrypt(stored.Nonce, stored.Ciphertext, stored.Tag, plain, associated);
            return Encoding.UTF8.GetString(plain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static void Associate(Span<byte> associated, Guid tenantId, Guid secretId, int version)
    {
        tenantId.TryWriteBytes(associated[..16], bigEndian: true, out _);
        secretId.TryWriteBytes(associated[16..32], bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(associated[32..], version);
    }
}
