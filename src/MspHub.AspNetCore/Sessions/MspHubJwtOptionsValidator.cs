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
}
