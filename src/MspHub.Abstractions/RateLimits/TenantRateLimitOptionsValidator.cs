using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Fails start-up on limits that would refuse every request or never expire a cached limit.</summary>
internal sealed class TenantRateLimitOptionsValidator : IValidateOptions<TenantRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, TenantRateLimitOptions options)
    {
        const string Section = TenantRateLimitOptions.SectionName;
        if (options.PermitLimit < 1 || options.UnresolvedPermitLimit < 1)
        {
            return ValidateOptionsResult.Fail($"{Section}: PermitLimit ({options.PermitLimit}) and UnresolvedPermitLimit ({options.UnresolvedPermitLimit}) must be at least 1.");
        }

        if (options.Window <= TimeSpan.Zero || options.CacheDuration <= TimeSpan.Zero || options.CacheSize < 1)
        {
            return ValidateOptionsResult.Fail($"{Section}: Window ({options.Window}), CacheDuration ({options.CacheDuration}) and CacheSize ({options.CacheSize}) must be positive.");
        }

        return ValidateOptionsResult.Success;
    }
}
