using System.Security.Cryptography;
using System.Text.Json;

namespace MspHub.Licensing;

/// <summary>
/// The host's side: checks a licence document against the vendor's public key and the clock. Never throws
/// for a bad document; every refusal comes back as a <see cref="LicenceVerification"/> with the reason.
/// </summary>
public sealed class LicenceVerifier : IDisposable
{
    private readonly ECDsa _publicKey;

    /// <summary>Creates a verifier for licences signed by the holder of <paramref name="publicKeyPem"/>.</summary>
    /// <exception cref="ArgumentException">The key is not an ECDSA P-256 public key in PEM.</exception>
    public LicenceVerifier(string publicKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKeyPem);

        // The vendor's signing key here would verify licences too, and leave whoever reads the host's settings able to sign them.
        _publicKey = P256Pem.ImportPublicKey(publicKeyPem, "The licence public key", nameof(publicKeyPem));
    }

    /// <summary>Checks <paramref name="document"/> at <paramref name="now"/>.</summary>
    public LicenceVerification Verify(string? document, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(document))
        {
            return LicenceVerification.Refused(LicenceProblem.Missing, "No licence is configured.");
        }

        var text = document.Trim();
        if (!text.StartsWith(LicenceFormat.Prefix, StringComparison.Ordinal))
        {
            return Malformed($"it does not start with '{LicenceFormat.Prefix}'");
        }

        var parts = text[LicenceFormat.Prefix.Length..].Split('.');
        if (parts.Length != 2 || !LicenceFormat.TryDecode(parts[0], out var payload) || !LicenceFormat.TryDecode(parts[1], out var signature))
        {
            return Malformed("it is not a base64url payload and signature joined by a dot");
        }

        if (signature.Length != 64 || !_publicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256))
        {
            return LicenceVerification.Refused(LicenceProblem.BadSignature,
                "The licence signature does not verify with the configured public key: the document was changed, or it was signed with another key.");
        }

        Licence? licence;
        try
        {
            licence = JsonSerializer.Deserialize<Licence>(payload, LicenceFormat.Json);
        }
        catch (JsonException error)
        {
            return Malformed($"its payload is not a licence ({error.Message})");
        }

        if (licence is null || string.IsNullOrWhiteSpace(licence.LicenceId) || string.IsNullOrWhiteSpace(licence.Licensee) || string.IsNullOrWhiteSpace(licence.Edition))
        {
            return Malformed("its payload lacks a licence id, licensee or edition");
        }

        if (licence.Contradiction() is { } contradiction)
        {
            return LicenceVerification.Refused(LicenceProblem.Invalid, contradiction);
        }

        if (now < licence.IssuedAt)
        {
            return LicenceVerification.Refused(LicenceProblem.NotYetValid, $"The licence is not valid before {licence.IssuedAt:u}; check the server's clock.");
        }

        return now >= licence.ExpiresAt
            ? LicenceVerification.Refused(LicenceProblem.Expired, $"The licence expired at {licence.ExpiresAt:u}; install a renewed licence.")
            : LicenceVerification.Accepted(licence);
    }

    /// <inheritdoc />
    public void Dispose() => _publicKey.Dispose();

    private static LicenceVerification Malformed(string why) =>
        LicenceVerification.Refused(LicenceProblem.Malformed, $"The licence document is malformed: {why}.");
}
