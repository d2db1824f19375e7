using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// Limits from options and each tenant's (inherited) setting when a settings store is registered, cached per tenant for <see cref="TenantRateLimitOptions.CacheDuration"/>.
/// A setting that is not a positive whole number is ignored (and logged), so a typo falls back to the default rather
/// than refusing the tenant everything.
/// </summary>
internal sealed partial class TenantRateLimits(
    IServiceScopeFactory scopes, IOptions<TenantRateLimitOptions> options, TimeProvider time, ILogger<TenantRateLimits>? logger = null)
    : ITenantRateLimits
{
    private readonly TenantRateLimitOptions _options = options.Value;
    private readonly BoundedCache<Guid, TenantRateLimit> _cache = new(options.Value.CacheSize, new MonotonicClock(time));
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public ValueTask<TenantRateLimit> GetAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return _cache.TryGet(tenant.Id, out var limit) ? ValueTask.FromResult(limit) : new(LoadAsync(tenant, cancellationToken));
    }

    private async Task<TenantRateLimit> LoadAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        TenantSetting? setting = null;
        using (var scope = scopes.CreateScope())
        {
            // Without a settings store every tenant has the default.
            if (scope.ServiceProvider.GetService<ITenantSettings>() is { } settings)
            {
                setting = await settings.GetAsync(tenant.Id, TenantRateLimitOptions.SettingKey, cancellationToken).ConfigureAwait(false);
            }
        }

        var permits = _options.PermitLimit;
        if (setting?.Value is { } value)
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var set) && set > 0)
            {
                permits = set;
            }
            else
            {
                LogUnusableSetting(_logger, tenant.Id, TenantRateLimitOptions.SettingKey, setting.SourceTenantId);
            }
        }

        var limit = new TenantRateLimit(permits, _options.Window);
        _cache.Set(tenant.Id, limit, (long)_options.CacheDuration.TotalMilliseconds);
        return limit;
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Tenant {TenantId}'s setting {Key} (set at {DefinedAt}) is not a positive whole number; the default rate limit applies.")]
    private static partial void LogUnusableSetting(ILogger logger, Guid tenantId, string key, Guid? definedAt);
}
