using System.Security.Cryptography;
using System.Text.Json;

namespace MspHub.Licensing;

/// <summary>The vendor's side: creates signing keys and signs licences. Hosts never need the private key.</summary>
public static class LicenceIssuer
{
    /// <summary>Creates a new ECDSA P-256 key pair, as PEM: the private key (PKCS#8) to keep secret and the public key (SPKI) to ship with the host.</summary>
    public static (string PrivateKeyPem, string PublicKeyPem) CreateKeyPair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }

    /// <summary>Signs <paramref name="licence"/> with the vendor's private key and returns the licence document.</summary>
    /// <param name="licence">What to grant.</param>
    /// <param name="privateKeyPem">The vendor's ECDSA P-256 private key, PEM.</param>
    /// <exception cref="ArgumentException">The key is not a P-256 private key, the terms contradict themselves (a negative limit, an expiry before the issue, a quota's default above its cap), or a name is not plain text on one line.</exception>
    public static string Issue(Licence licence, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(licence);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        if ((licence.Contradiction() ?? licence.DefaultAboveCap() ?? licence.Unprintable()) is { } contradiction)
        {
            throw new ArgumentException($"{contradiction} Nothing was signed.", nameof(licence));
        }

        using var key = P256Pem.ImportPrivateKey(privateKeyPem, "The licence signing key", nameof(privateKeyPem));
        var payload = JsonSerializer.SerializeToUtf8Bytes(licence, LicenceFormat.Json);
        var signature = key.SignData(payload, HashAlgorithmName.SHA256);
        return $"{LicenceFormat.Prefix}{LicenceFormat.Encode(payload)}.{LicenceFormat.Encode(signature)}";
    }
}
