using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// Authenticates a per-tenant API key from <c>X-Api-Key</c> or <c>Authorization: ApiKey {key}</c>. The
/// principal carries the key's id, its tenant (as the tenant claim, so the claim strategy resolves it) and
/// its permissions; it has no user. Unknown, malformed and revoked keys fail authentication.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string AuthorizationPrefix = "ApiKey ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiKeyAuthenticationDefaults.HeaderName].FirstOrDefault()
            ?? (Request.Headers.Authorization.FirstOrDefault() is { } header && header.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase)
                ? header[AuthorizationPrefix.Length..].Trim()
                : null);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await Context.RequestServices.GetRequiredService<IApiKeyManager>().FindLiveAsync(presented, Context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, malformed or revoked.");
        }

        List<Claim> claims =
        [
            Claim(MspHubClaimTypes.ApiKeyId, key.Id.ToString()),
            Claim(MspHubClaimTypes.TenantId, key.TenantId.ToString()),
            Claim("name", key.Name),
            .. key.Permissions.Select(p => Claim(MspHubClaimTypes.Permission, p)),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, "name", MspHubClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private static Claim Claim(string type, string value) => new(type, value, ClaimValueTypes.String, ApiKeyPrincipal.ClaimIssuer);
}
