using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Fails start-up on vault settings that would only fail at the first secret: a malformed key, a current key that is not configured.</summary>
internal sealed class VaultOptionsValidator : IValidateOptions<VaultOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultOptions options)
    {
        const string Section = VaultOptions.SectionName;
        if (options.DataKeyCacheDuration <= TimeSpan.Zero || options.DataKeyCacheSize < 1)
        {
            return ValidateOptionsResult.Fail($"{Section}: DataKeyCacheDuration ({options.DataKeyCacheDuration}) and DataKeyCacheSize ({options.DataKeyCacheSize}) must be positive.");
        }

        if (options.ExpiringWithin < TimeSpan.Zero || options.MaxValueLength < 1)
        {
            return ValidateOptionsResult.Fail($"{Section}: ExpiringWithin must not be negative and MaxValueLength must be positive.");
        }

        foreach (var (id, key) in options.KeyEncryptionKeys)
        {
            if (string.IsNullOrWhiteSpace(id) || ConfiguredKeyEncryptionKeys.Decode(key) is null)
            {
                // The key itself is never quoted: configuration errors end up in logs.
                return ValidateOptionsResult.Fail($"{Section}:KeyEncryptionKeys:{id} must be {ConfiguredKeyEncryptionKeys.KeyBytes} random bytes in base64.");
            }
        }

        return options.KeyEncryptionKeys.Count > 0 && (options.CurrentKeyId is null || !options.KeyEncryptionKeys.ContainsKey(options.CurrentKeyId))
            ? ValidateOptionsResult.Fail($"{Section}:CurrentKeyId must name one of KeyEncryptionKeys ({string.Join(", ", options.KeyEncryptionKeys.Keys)}).")
            : ValidateOptionsResult.Success;
    }
}
