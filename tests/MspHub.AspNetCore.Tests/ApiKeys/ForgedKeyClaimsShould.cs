using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MspHub.AspNetCore;

namespace MspHub.AspNetCore.Tests.ApiKeys;

/// <summary>
/// A key's principal is recognised by its identity's authentication type: another handler that emits the
/// claims a key carries, issuer and all, gains nothing a key has.
/// </summary>
public sealed class ForgedKeyClaimsShould
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");

    [Fact]
    public async Task Not_pass_for_an_api_key()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(LookAlikeHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, LookAlikeHandler>(LookAlikeHandler.SchemeName, null)
            .AddMspHubApiKeys();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Acme)
            .AddInMemoryAccessStore()
            .AddInMemoryApiKeyStore()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
            .ResolveTenantFrom(r => r.Claim())
            .AddPermissionPolicies());
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseMspHub();
        app.UseAuthorization();
        app.MapDelete("/automs", () => Results.NoContent()).RequirePermission("automs", PermissionActions.Delete);
        await app.StartAsync();
        using var client = app.GetTestClient();

        var response = await client.DeleteAsync(new Uri("/automs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>Signs every request in with exactly the claims an API key's principal carries, under the issuer keys once used.</summary>
    private sealed class LookAlikeHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "LookAlike";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            const string Issuer = "msphub:api-key";
            Claim[] claims =
            [
                new(MspHubClaimTypes.ApiKeyId, Guid.CreateVersion7().ToString(), ClaimValueTypes.String, Issuer),
                new(MspHubClaimTypes.TenantId, Acme.Id.ToString(), ClaimValueTypes.String, Issuer),
                new(MspHubClaimTypes.Permission, "automs.delete", ClaimValueTypes.String, Issuer),
            ];
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }
    }
}
