using System.Security.Claims;

namespace MspHub.AspNetCore;

/// <summary>
/// Reads a principal the API key handler built. Its claims carry an issuer no token can have, so a session
/// token carrying look-alike claims is never mistaken for a key.
/// </summary>
internal static class ApiKeyPrincipal
{
    public const string ClaimIssuer = "msphub:api-key";

    /// <summary>The tenant of the key <paramref name="principal"/> authenticated with, or <see langword="null"/> when it is not an API key.</summary>
    public static Guid? TenantOf(ClaimsPrincipal principal) =>
        principal.FindFirst(c => c.Type == MspHubClaimTypes.ApiKeyId && c.Issuer == ClaimIssuer) is not null
        && principal.FindFirst(c => c.Type == MspHubClaimTypes.TenantId && c.Issuer == ClaimIssuer) is { } tenant
        && Guid.TryParse(tenant.Value, out var id)
            ? id
            : null;

    public static bool Holds(ClaimsPrincipal principal, Permission permission)
    {
        var name = permission.ToString();
        return principal.HasClaim(c => c.Type == MspHubClaimTypes.Permission && c.Issuer == ClaimIssuer && c.Value == name);
    }
}
