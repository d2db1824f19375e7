using System.Security.Cryptography;

namespace MspHub;

/// <summary>
/// Reads ECDSA P-256 keys from PEM, the one place every MspHub key setting and the tool go through: audit checkpoint keys,
/// the licence keys, and the keys the tool is handed.
/// </summary>
internal static class P256Pem
{
    /// <summary>
    /// Imports a public key (<c>-----BEGIN PUBLIC KEY-----</c>). A private key is refused, not reduced to its public half:
    /// where only a public key belongs, a private one would sign as well as verify for whoever reads the setting.
    /// </summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="subject">What the key is, to begin the error message (such as "The licence public key").</param>
    /// <param name="paramName">The parameter or setting named by the error.</param>
    /// <exception cref="ArgumentException">It is not an ECDSA P-256 public key in PEM.</exception>
    public static ECDsa ImportPublicKey(string pem, string subject, string paramName)
    {
        var label = PemEncoding.TryFind(pem, out var fields) ? pem[fields.Label] : null;
        if (label is not "PUBLIC KEY")
        {
            throw new ArgumentException(label is "PRIVATE KEY" or "EC PRIVATE KEY" or "ENCRYPTED PRIVATE KEY"
                ? $"{subject} is a private key; only the public key (-----BEGIN PUBLIC KEY-----) belongs here."
                : $"{subject} is not an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----).", paramName);
        }

        return Import(pem, $"{subject} is not an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----).", paramName);
    }

    /// <summary>Imports a private key (<c>-----BEGIN PRIVATE KEY-----</c> or <c>-----BEGIN EC PRIVATE KEY-----</c>), to sign with.</summary>
    /// <exception cref="ArgumentException">It is not an ECDSA P-256 private key in PEM.</exception>
    public static ECDsa ImportPrivateKey(string pem, string subject, string paramName)
    {
        var key = Import(pem, $"{subject} is not an ECDSA P-256 private key in PEM (-----BEGIN PRIVATE KEY-----).", paramName);
        if (!HasPrivateKey(key))
        {
            key.Dispose();
            throw new ArgumentException($"{subject} is a public key; signing needs the private key.", paramName);
        }

        return key;
    }

    private const string NistP256 = "1.2.840.10045.3.1.7";

    private static ECDsa Import(string pem, string refusal, string paramName)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ArgumentException(refusal, paramName, error);
        }

        if (key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != NistP256)
        {
            key.Dispose();
            throw new ArgumentException(refusal, paramName);
        }

        return key;
    }

    private static bool HasPrivateKey(ECDsa key)
    {
        try
        {
            return key.ExportParameters(includePrivateParameters: true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
