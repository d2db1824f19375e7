using Microsoft.Extensions.Options;

namespace MspHub.Licensing;

/// <summary>
/// Fails start-up when the vendor key is missing or unusable: that is a packaging mistake of the host, not
/// a licence problem. A missing or bad licence never fails start-up; the host runs unlicensed instead.
/// </summary>
internal sealed class LicensingOptionsValidator : IValidateOptions<LicensingOptions>
{
    public ValidateOptionsResult Validate(string? name, LicensingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicKeyPem))
        {
            return ValidateOptionsResult.Fail("MspHub:Licence:PublicKeyPem is empty; set it to the vendor's licence public key (PEM, -----BEGIN PUBLIC KEY-----).");
        }

        if (options.ExpiryWarning < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"MspHub:Licence:ExpiryWarning is {options.ExpiryWarning}; it cannot be negative (zero turns the alert off).");
        }

        if (options.RetryInterval <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"MspHub:Licence:RetryInterval is {options.RetryInterval}; it must be positive.");
        }

        try
        {
            using var verifier = new LicenceVerifier(options.PublicKeyPem);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return ValidateOptionsResult.Fail($"MspHub:Licence:PublicKeyPem is unusable: {error.Message}");
        }
    }
}
