namespace MspHub;

/// <summary>
/// One version of a secret as stored: AES-256-GCM ciphertext under the tenant's data key, with the tenant id, the
/// secret id and the version as associated data, so the bytes decrypt only in the row they were written for.
/// </summary>
/// <param name="Version">The version, from 1.</param>
/// <param name="Nonce">The random 12-byte nonce.</param>
/// <param name="Ciphertext">The encrypted value.</param>
/// <param name="Tag">The 16-byte authentication tag.</param>
/// <param name="CreatedAt">When the version was stored.</param>
public sealed record VaultCiphertext(int Version, byte[] Nonce, byte[] Ciphertext, byte[] Tag, DateTimeOffset CreatedAt);
