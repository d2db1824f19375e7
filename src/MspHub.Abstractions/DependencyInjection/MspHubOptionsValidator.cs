using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Checks <see cref="MspHubOptions"/> at start-up and says what to change.</summary>
internal sealed class MspHubOptionsValidator(PermissionCatalog catalog) : IValidateOptions<MspHubOptions>
{
    private const string Cache = MspHubOptions.SectionName + ":TenantCache";

    public ValidateOptionsResult Validate(string? name, MspHubOptions options)
    {
        List<string> failures = [.. ValidateTenantCache(options.TenantCache)];
        if (options.AccessCache is not { MaxEntries: >= 16 and <= 10_000_000 })
        {
            failures.Add($"{MspHubOptions.SectionName}:AccessCache:MaxEntries is {options.AccessCache?.MaxEntries}; set it between 16 and 10000000.");
        }

        if (options.Telemetry is not { MaxTenantAttributeValues: >= 1 and <= 10_000 })
        {
            failures.Add($"{MspHubOptions.SectionName}:Telemetry:MaxTenantAttributeValues is {options.Telemetry?.MaxTenantAttributeValues}; set it between 1 and 10000 (each tenant tagged is a time series per metric).");
        }

        if (options.MaxTenantDepth is < 1 or > 32)
        {
            failures.Add($"{MspHubOptions.SectionName}:MaxTenantDepth is {options.MaxTenantDepth}; set it between 1 (top-level tenants only) and 32.");
        }

        if (options.MaxLogoBytes is < 1024 or > 10 * 1024 * 1024)
        {
            failures.Add($"{MspHubOptions.SectionName}:MaxLogoBytes is {options.MaxLogoBytes}; set it between 1024 and 10485760.");
        }

        if (options.AccessCache is { Duration: var duration } && (duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromHours(1)))
        {
            failures.Add($"{MspHubOptions.SectionName}:AccessCache:Duration is {duration}; set it between 00:00:01 and 01:00:00 (how long another node's access change may take to reach this one).");
        }

        if (options.ApiKeyMaxLifetime < TimeSpan.FromHours(1) || options.ApiKeyMaxLifetime > TimeSpan.FromDays(3650))
        {
            failures.Add($"{MspHubOptions.SectionName}:ApiKeyMaxLifetime is {options.ApiKeyMaxLifetime}; set it between 01:00:00 and 3650.00:00:00 (the longest an API key may live).");
        }

        if (options.InvitationLifetime < TimeSpan.FromHours(1) || options.InvitationLifetime > TimeSpan.FromDays(90))
        {
            failures.Add($"{MspHubOptions.SectionName}:InvitationLifetime is {options.InvitationLifetime}; set it between 01:00:00 and 90.00:00:00 (how long an invitation can be accepted).");
        }

        failures.AddRange(ValidateDefaultRoles(options.DefaultTenantRoles));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> ValidateDefaultRoles(IDictionary<string, IList<string>> roles)
    {
        const string Roles = MspHubOptions.SectionName + ":DefaultTenantRoles";
        foreach (var (name, permissions) in roles)
        {
            if (SystemRoles.IsSystemRoleName(name))
            {
                yield return $"{Roles}:{name} takes a system role's name; give the tenant role another name.";
            }

            foreach (var permission in permissions)
            {
                if (!catalog.TryGetId(permission, out var id))
                {
                    yield return $"{Roles}:{name} names '{permission}', which is not declared; declare it with hub.AddPermissions(...) or fix the name.";
                }
                else if (catalog.IsMspLevel(id))
                {
                    yield return $"{Roles}:{name} names '{permission}', which is MSP-level and can never be part of a tenant role.";
                }
            }
        }
    }

    private static IEnumerable<string> ValidateTenantCache(TenantCacheOptions? cache)
    {
        if (cache is null)
        {
            yield return $"{Cache} must not be null; remove the assignment to use the defaults.";
            yield break;
        }

        if (!cache.Enabled)
        {
            yield break;
        }

        if (cache.Duration < TimeSpan.FromSeconds(1) || cache.Duration > TimeSpan.FromDays(1))
        {
            yield return $"{Cache}:Duration is {cache.Duration}; set it between 00:00:01 and 1.00:00:00 (how long a found tenant is served from memory), or set {Cache}:Enabled to false.";
        }

        if (cache.NegativeDuration < TimeSpan.Zero || cache.NegativeDuration > cache.Duration)
        {
            yield return $"{Cache}:NegativeDuration is {cache.NegativeDuration}; set it between 00:00:00 (off) and {Cache}:Duration ({cache.Duration}).";
        }

        if (cache.MaxEntries is < 16 or > 10_000_000)
        {
            yield return $"{Cache}:MaxEntries is {cache.MaxEntries}; set it between 16 and 10000000.";
        }
    }
}
