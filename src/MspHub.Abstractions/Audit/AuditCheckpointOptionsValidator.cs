using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Fails start-up on a checkpoint key that cannot sign or verify, so a host never runs believing its log is signed when it is not.</summary>
internal sealed class AuditCheckpointOptionsValidator : IValidateOptions<AuditCheckpointOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditCheckpointOptions options)
    {
        const string Section = "MspHub:Audit:Checkpoints";
        if (options.EveryRecords < 1 || options.Every <= TimeSpan.Zero || options.SealGrace < TimeSpan.Zero || options.SealGrace > TimeSpan.MaxValue - options.Every)
        {
            return ValidateOptionsResult.Fail($"{Section}: EveryRecords ({options.EveryRecords}) and Every ({options.Every}) must be positive, SealGrace ({options.SealGrace}) not negative, and Every and SealGrace must add up to a TimeSpan.");
        }

        if (options is { KeyId: null, SigningKeyPem: null, SigningKey: null })
        {
            // A node that only verifies: the public keys must still be usable.
            return options.RetiredPublicKeys.Count == 0
                ? ValidateOptionsResult.Fail($"{Section}: set KeyId and a signing key to sign checkpoints, or RetiredPublicKeys to only verify them.")
                : ValidatePublicKeys(options, Section);
        }

        if (!IsKeyId(options.KeyId))
        {
            return ValidateOptionsResult.Fail($"{Section}:KeyId must be 1 to {AuditCheckpointOptions.MaxKeyIdLength} printable ASCII characters; it names the signing key in every checkpoint.");
        }

        if ((options.SigningKeyPem is null) == (options.SigningKey is null))
        {
            return ValidateOptionsResult.Fail($"{Section}: set exactly one of SigningKeyPem and SigningKey (an ECDSA P-256 private key).");
        }

        if (options.RetiredPublicKeys.ContainsKey(options.KeyId!))
        {
            return ValidateOptionsResult.Fail($"{Section}:RetiredPublicKeys names the current KeyId '{options.KeyId}'; a retired key needs an id of its own.");
        }

        try
        {
            var signing = options.SigningKey ?? P256Pem.ImportPrivateKey(options.SigningKeyPem!, "The signing key", nameof(options.SigningKeyPem));
            try
            {
                if (signing.KeySize != 256)
                {
                    return ValidateOptionsResult.Fail($"{Section}:SigningKey must be an ECDSA P-256 key.");
                }

                _ = signing.SignData([0], System.Security.Cryptography.HashAlgorithmName.SHA256);
            }
            finally
            {
                if (!ReferenceEquals(signing, options.SigningKey))
                {
                    signing.Dispose();
                }
            }

            return ValidatePublicKeys(options, Section);
        }
        catch (Exception error) when (error is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            return Unusable(Section, error);
        }
    }

    private static ValidateOptionsResult ValidatePublicKeys(AuditCheckpointOptions options, string section)
    {
        if (options.RetiredPublicKeys.Keys.Any(id => !IsKeyId(id)))
        {
            return ValidateOptionsResult.Fail($"{section}:RetiredPublicKeys: each key id must be 1 to {AuditCheckpointOptions.MaxKeyIdLength} printable ASCII characters.");
        }

        try
        {
            foreach (var (keyId, pem) in options.RetiredPublicKeys)
            {
                using var _ = P256Pem.ImportPublicKey(pem, $"Retired key '{keyId}'", keyId);
            }

            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return Unusable(section, error);
        }
    }

    private static ValidateOptionsResult Unusable(string section, Exception error) =>
        ValidateOptionsResult.Fail($"{section}: a key is unusable ({error.Message}); the signing key must be an ECDSA P-256 private key, retired keys P-256 public keys, in PEM.");

    private static bool IsKeyId(string? id) =>
        id is { Length: > 0 and <= AuditCheckpointOptions.MaxKeyIdLength } && id.All(c => c is > ' ' and <= '~');
}
