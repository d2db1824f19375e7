using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// Authenticates a per-tenant API key from <c>X-Api-Key</c> or <c>Authorization: ApiKey {key}</c> through
/// <see cref="IApiKeyManager.AuthenticateAsync"/>. The identity's authentication type is
/// <see cref="ApiKeyAuthenticationDefaults.AuthenticationType"/>; it carries the key's id, its tenant (as the
/// tenant claim, so the claim strategy resolves it) and the permissions the key holds now; it has no user. A
/// refused key fails authentication, and the challenge answers 401 ProblemDetails <c>api-key-refused</c>.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiKeyPrincipal.Presented(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        // One key a request, as one tenant a request: with two, which one acts would depend on the order of the headers.
        if (Request.Headers[ApiKeyAuthenticationDefaults.HeaderName].Count
            + Request.Headers.Authorization.Count(h => h?.StartsWith(ApiKeyAuthenticationDefaults.AuthorizationScheme + " ", StringComparison.OrdinalIgnoreCase) == true) > 1)
        {
            return AuthenticateResult.Fail($"Send one API key, in one {ApiKeyAuthenticationDefaults.HeaderName} header or in Authorization, not several.");
        }

        var result = await Context.RequestServices.GetRequiredService<IApiKeyManager>().AuthenticateAsync(presented, Context.RequestAborted).ConfigureAwait(false);
        if (result.Key is not { } key)
        {
            return AuthenticateResult.Fail(result.Refusal switch
            {
                ApiKeyRefusal.Revoked => "The API key was revoked.",
                ApiKeyRefusal.Expired => "The API key has expired; create a new one.",
                ApiKeyRefusal.CreatorWithoutAccess => "The API key's creator may no longer create keys in its tenant, so the key no longer works.",
                _ => "The API key is invalid.",
            });
        }

        List<Claim> claims =
        [
            new(MspHubClaimTypes.ApiKeyId, key.Id.ToString()),
            new(MspHubClaimTypes.TenantId, key.TenantId.ToString()),
            new("name", key.Name),
            .. result.Permissions.Select(p => new Claim(MspHubClaimTypes.Permission, p)),
        ];
        var identity = new ClaimsIdentity(claims, ApiKeyAuthenticationDefaults.AuthenticationType, "name", MspHubClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = ApiKeyAuthenticationDefaults.AuthorizationScheme;
        var detail = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure?.Message
            ?? $"Send a valid API key in {ApiKeyAuthenticationDefaults.HeaderName}.";
        await new MspHubProblem(MspHubProblemTypes.ApiKeyRefused, detail).ExecuteAsync(Context).ConfigureAwait(false);
    }
}
