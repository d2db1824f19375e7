using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>Refuses session settings that would issue unsafe or unusable tokens, when the host starts.</summary>
internal sealed class MspHubJwtOptionsValidator(TimeProvider time) : IValidateOptions<MspHubJwtOptions>
{
    public ValidateOptionsResult Validate(string? name, MspHubJwtOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add("MspHub:Jwt:Issuer is required: the iss every token carries and the only one accepted.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("MspHub:Jwt:Audience is required: the aud every token carries and the only one accepted.");
        }

        if (options.Lifetime < TimeSpan.FromMinutes(1) || options.Lifetime > TimeSpan.FromHours(24))
        {
            failures.Add($"MspHub:Jwt:Lifetime must be between 1 minute and 24 hours (it is {options.Lifetime}); short-lived tokens limit what a stolen one can do.");
        }

        // Set on a clock, not guessed: an unset time would have the key refuse every token it signed, and one ahead of
        // the clock would keep a retired key working long after it left.
        var now = time.GetUtcNow();
        foreach (var previous in options.PreviousKeys)
        {
            if (previous.RetiredAt == default || previous.RetiredAt > now + MaxClockSkew)
            {
                failures.Add($"MspHub:Jwt:PreviousKeys: '{previous.KeyId}' needs RetiredAt, the time it stopped signing, which is not in the future.");
            }
        }

        if (!IsLogoBase(options.LogoBaseUrl))
        {
            failures.Add("MspHub:Jwt:LogoBaseUrl is a path from the root (/hub/logos/) or an http(s) URL, ending with '/'; a logo's URL is it followed by the logo's SHA-256.");
        }

        try
        {
            _ = new SessionKeys(options, time);
        }
        catch (InvalidOperationException error)
        {
            failures.Add(error.Message);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private static bool IsLogoBase(string? url) =>
        url is not null && url.EndsWith('/') && Guard.IsPlainLine(url)
        && (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative)
            || Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttps || absolute.Scheme == Uri.UriSchemeHttp));
}
