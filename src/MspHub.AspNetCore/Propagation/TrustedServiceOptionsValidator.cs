using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>Fails start-up on a trust that names no policy, an unknown policy, or permissions a service may not hold.</summary>
internal sealed class TrustedServiceOptionsValidator(IOptions<AuthorizationOptions> authorization, PermissionCatalog catalog) : IValidateOptions<TrustedServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedServiceOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Policy) || authorization.Value.GetPolicy(options.Policy) is null)
        {
            return ValidateOptionsResult.Fail(
                $"TrustTenantFromServices: Policy ('{options.Policy}') must name an authorization policy registered with AddAuthorization, which only service principals satisfy.");
        }

        foreach (var permission in options.Permissions)
        {
            if (!catalog.TryGetId(permission, out var id))
            {
                return ValidateOptionsResult.Fail($"TrustTenantFromServices: '{permission}' is not a declared permission.");
            }

            if (catalog.IsSensitive(id) || catalog.IsMspLevel(id))
            {
                return ValidateOptionsResult.Fail($"TrustTenantFromServices: '{permission}' is sensitive or MSP-level; a service acting for a tenant may not hold it.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
