using System.Security.Cryptography;

namespace MspHub;

/// <summary>
/// The public keys checkpoints are verified with, by key id: the configured current and retired keys for
/// <see cref="IAuditLog.VerifyAsync(Guid?, long, long?, CancellationToken)"/>, or the keys an export offers that the verifier trusts.
/// </summary>
internal sealed class AuditKeyRing : IDisposable
{
    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    /// <summary>Whether the ring holds no key: checkpoints are not in use, so nothing is expected to be signed.</summary>
    public bool IsEmpty => _keys.Count == 0;

    /// <summary>The key ids and public keys (SPKI PEM), for an export to carry.</summary>
    public IEnumerable<(string KeyId, string PublicKeyPem)> PublicKeys =>
        _keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, k.Value.ExportSubjectPublicKeyInfoPem()));

    /// <summary>The retired keys of <paramref name="options"/> and the public half of <paramref name="signing"/>, the current key.</summary>
    public static AuditKeyRing FromOptions(AuditCheckpointOptions options, ECDsa? signing)
    {
        var ring = new AuditKeyRing();
        foreach (var (keyId, pem) in options.RetiredPublicKeys)
        {
            ring._keys[keyId] = P256Pem.ImportPublicKey(pem, $"Retired key '{keyId}'", nameof(options.RetiredPublicKeys));
        }

        if (options.KeyId is { } current && signing is not null)
        {
            var publicOnly = ECDsa.Create();
            publicOnly.ImportSubjectPublicKeyInfo(signing.ExportSubjectPublicKeyInfo(), out _);
            ring._keys[current] = publicOnly;
        }

        return ring;
    }

    /// <summary>
    /// The keys an export offers (<paramref name="offered"/>) that are also <paramref name="trusted"/> (<see cref="Fingerprints"/>): a key is
    /// trusted for what it is, never for the id an export gives it, so a key swapped into an export verifies nothing.
    /// </summary>
    public static AuditKeyRing Trusting(HashSet<string> trusted, IEnumerable<(string KeyId, string PublicKeyPem)> offered)
    {
        var ring = new AuditKeyRing();
        foreach (var (keyId, pem) in offered)
        {
            ECDsa key;
            try
            {
                key = P256Pem.ImportPublicKey(pem, $"Offered key '{keyId}'", nameof(offered));
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (trusted.Contains(Convert.ToHexString(key.ExportSubjectPublicKeyInfo())) && ring._keys.TryAdd(keyId, key))
            {
                continue;
            }

            key.Dispose();
        }

        return ring;
    }

    /// <summary>The SubjectPublicKeyInfo bytes, in hex, of each key: what a key is, whatever id it is given.</summary>
    /// <exception cref="ArgumentException">A key is not an ECDSA P-256 public key in PEM.</exception>
    public static HashSet<string> Fingerprints(IEnumerable<string> publicKeysPem)
    {
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pem in publicKeysPem)
        {
            using var key = P256Pem.ImportPublicKey(pem, "A trusted key", nameof(publicKeysPem));
            fingerprints.Add(Convert.ToHexString(key.ExportSubjectPublicKeyInfo()));
        }

        return fingerprints;
    }

    /// <summary><see cref="AuditChainProblem.None"/>, <see cref="AuditChainProblem.UnknownKey"/> or <see cref="AuditChainProblem.CheckpointForged"/>.</summary>
    public AuditChainProblem Check(AuditCheckpoint checkpoint)
    {
        if (!_keys.TryGetValue(checkpoint.KeyId, out var key))
        {
            return AuditChainProblem.UnknownKey;
        }

        try
        {
            var signature = Convert.FromHexString(checkpoint.Signature);
            return signature.Length == 64 && key.VerifyData(AuditHash.EncodeCheckpoint(checkpoint), signature, HashAlgorithmName.SHA256)
                ? AuditChainProblem.None
                : AuditChainProblem.CheckpointForged;
        }
        catch (FormatException)
        {
            return AuditChainProblem.CheckpointForged;
        }
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
