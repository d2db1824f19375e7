using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>
/// Signs a request in as the user whose id is in <c>X-Test-User</c>, with the tenant claim from
/// <c>X-Test-Tenant-Claim</c> as a session token would carry it; without a user the request is anonymous.
/// </summary>
public sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers["X-Test-User"].FirstOrDefault() is not { } user)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim("sub", user)], SchemeName);
        if (Request.Headers["X-Test-Tenant-Claim"].FirstOrDefault() is { } tenant)
        {
            identity.AddClaim(new Claim(MspHub.AspNetCore.MspHubClaimTypes.TenantId, tenant));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
