using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The host of docs/sessions-and-branding.md, built exactly as the page shows it (the marked regions), on SQLite.</summary>
public sealed class SessionsAndBrandingShould : IAsyncLifetime
{
    // docs: sessions-and-branding.md#session-tokens claims contributor
    public sealed class RegionClaims : IJwtClaimsContributor
    {
        public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
        {
            context.Claims["region"] = "eu-west";
            return ValueTask.CompletedTask;
        }
    }
    // end docs

    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly HubUser Admin = HubUser.Create("acme-admin");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-documented-host-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = DocumentedWebHost.CreateBuilder<HubDb>(_file);

        // docs: sessions-and-branding.md#session-tokens claims contributor
        builder.Services.AddSingleton<IJwtClaimsContributor, RegionClaims>();
        // end docs

        // docs: sessions-and-branding.md#the-host
        builder.Services.AddAuthentication()   // one call composes JWT sessions and API keys as the default scheme
            .AddMspHubSessions()               // the stock JwtBearer handler, with MspHub's validation and freshness check
            .AddMspHubApiKeys();

        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)
                .Resource("api-keys").Action("generate", sensitive: true)
                .Resource("branding").Action("update"))   // MspHubOptions.BrandingPermission, for the branding endpoints
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant").Host("{tenant}.hub.example.com"))
            .AddPermissionPolicies()
            .AddJwtSessions(builder.Configuration.GetSection("MspHub:Jwt"))
            .AddProblemDetailsMapping());  // refusals thrown in your endpoints become the problems below, never 500s

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseMspHub();          // resolves the tenant and checks the caller may enter it
        app.UseAuthorization();
        app.MapMspHub();          // /hub/session, /hub/session/tenants, /hub/session/switch, /hub/session/invitations
        app.MapGet("/automs", (HttpContext http) => http.GetTenant()!.Slug)
           .RequirePermission("automs", PermissionActions.View);
        // end docs

        _app = app;
        await SeedAsync(app.Services);
        await app.StartAsync();
        _client = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        await tenants.AddAsync(Acme);
        await tenants.AddAsync(Globex);
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(Admin);
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Admin", Permissions = ["automs.view", "api-keys.generate", "branding.update"] });
        await tenantSide.SetMemberAsync(Acme.Id, Admin.Id, ["Admin"]);
    }

    private async Task<CreatedApiKey> CreateKeyAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IApiKeyManager>()
            .CreateAsync(Admin.Id, Acme.Id, "nightly backup", ["automs.view"], DateTimeOffset.UtcNow.AddDays(90));
    }

    private Task<HttpResponseMessage> GetAutomsAsync(Action<HttpRequestHeaders> headers, string path = "/automs")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        headers(request.Headers);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Authenticate_session_tokens_and_api_keys_through_the_default_scheme()
    {
        var token = (await _app.Services.GetRequiredService<ISessionTokens>().IssueAsync(Admin.Id, Acme)).Token;
        var key = await CreateKeyAsync();

        var session = await GetAutomsAsync(h => h.Authorization = new AuthenticationHeaderValue("Bearer", token));
        var viaHeader = await GetAutomsAsync(h => h.Add(ApiKeyAuthenticationDefaults.HeaderName, key.Secret));
        var viaAuthorization = await GetAutomsAsync(h => h.Authorization = new AuthenticationHeaderValue("ApiKey", key.Secret));
        var anonymous = await GetAutomsAsync(_ => { });

        Assert.Equal("acme", await session.Content.ReadAsStringAsync());
        Assert.Equal("acme", await viaHeader.Content.ReadAsStringAsync());
        Assert.Equal("acme", await viaAuthorization.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Refuse_a_key_with_a_header_naming_another_tenant()
    {
        var key = await CreateKeyAsync();

        var foreign = await GetAutomsAsync(h =>
        {
            h.Add(ApiKeyAuthenticationDefaults.HeaderName, key.Secret);
            h.Add("X-Tenant", "globex");
        });
        var own = await GetAutomsAsync(h =>
        {
            h.Add(ApiKeyAuthenticationDefaults.HeaderName, key.Secret);
            h.Add("X-Tenant", "acme");
        });

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(MspHubProblemTypes.ConflictingTenant.Type, (await foreign.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);
        Assert.Equal("acme", await own.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("none", null)]
    [InlineData("none", "acme")]
    [InlineData("none", "nosuch")]
    [InlineData("garbage token", null)]
    [InlineData("garbage token", "acme")]
    [InlineData("garbage token", "nosuch")]
    [InlineData("garbage key", null)]
    [InlineData("garbage key", "acme")]
    [InlineData("garbage key", "nosuch")]
    public async Task Challenge_a_caller_without_valid_credentials_whether_or_not_it_names_a_tenant(string credentials, string? tenant)
    {
        var response = await GetAutomsAsync(h =>
        {
            if (credentials == "garbage token")
            {
                h.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");
            }
            else if (credentials == "garbage key")
            {
                h.Add(ApiKeyAuthenticationDefaults.HeaderName, "garbage");
            }

            if (tenant is not null)
            {
                h.Add("X-Tenant", tenant);
            }
        });

        var key = credentials == "garbage key";
        await ProblemAssert.IsAsync(response, key ? MspHubProblemTypes.ApiKeyRefused : MspHubProblemTypes.AuthenticationRequired);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == (key ? "ApiKey" : "Bearer"));
    }

    [Theory]
    [InlineData("/automs")]
    [InlineData("/hub/session")]
    public async Task Answer_an_altered_key_with_one_problem_details(string path)
    {
        var key = await CreateKeyAsync();
        var altered = key.Secret[..^4] + (key.Secret[^4..] == "AAAA" ? "BBBB" : "AAAA");

        var response = await GetAutomsAsync(h => h.Add(ApiKeyAuthenticationDefaults.HeaderName, altered), path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(MspHubProblemTypes.ApiKeyRefused.Type, problem!.Type);
        Assert.Equal("The API key is invalid.", problem.Detail);
    }

    [Fact]
    public async Task Create_list_and_revoke_a_key_as_the_page_shows()
    {
        var cancellationToken = CancellationToken.None;
        var creatorId = Admin.Id;
        var tenant = Acme;
        await using var scope = _app.Services.CreateAsyncScope();

        // docs: sessions-and-branding.md#per-tenant-api-keys
        var apiKeys = scope.ServiceProvider.GetRequiredService<IApiKeyManager>();
        var created = await apiKeys.CreateAsync(
            creatorId, tenant.Id, "nightly backup", ["automs.view"], DateTimeOffset.UtcNow.AddDays(90), cancellationToken);
        // created.Secret: "mhk_3f9c0a1b2c4d_q2v...", shown this once; created.Key.ExpiresAt: in 90 days

        var keys = await scope.ServiceProvider.GetRequiredService<IApiKeyStore>().ListAsync(tenant.Id, cancellationToken);
        // each ApiKey: Name, Permissions, CreatedBy, CreatedAt, ExpiresAt, RevokedAt; never the secret

        var revoked = await apiKeys.RevokeAsync(tenant.Id, created.Key.Id, cancellationToken);
        // false: the tenant has no live key with that id (unknown, another tenant's, revoked already), nothing was revoked;
        // an endpoint answers that with 404, not as if the key were now revoked
        // end docs

        Assert.True(revoked);
        Assert.False(await apiKeys.RevokeAsync(tenant.Id, created.Key.Id, cancellationToken));
        var other = await CreateKeyAsync();
        Assert.False(await apiKeys.RevokeAsync(Globex.Id, other.Key.Id, cancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await GetAutomsAsync(h => h.Add(ApiKeyAuthenticationDefaults.HeaderName, other.Secret))).StatusCode);
        var listed = Assert.Single(keys);
        Assert.StartsWith("mhk_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(("nightly backup", created.Key.ExpiresAt, Admin.Id), (listed.Name, listed.ExpiresAt, listed.CreatedBy));
        Assert.True(listed.ExpiresAt > DateTimeOffset.UtcNow.AddDays(89));
        var refused = await GetAutomsAsync(h => h.Add(ApiKeyAuthenticationDefaults.HeaderName, created.Secret));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Carry_a_contributed_claim_in_the_session_token()
    {
        var token = (await _app.Services.GetRequiredService<ISessionTokens>().IssueAsync(Admin.Id, Acme)).Token;

        Assert.Equal("eu-west", new JsonWebToken(token).GetClaim("region").Value);
    }

    [Fact]
    public async Task Give_a_tenant_its_own_logo_over_the_msp_colours()
    {
        var cancellationToken = CancellationToken.None;
        var acme = Acme;
        await using var scope = _app.Services.CreateAsyncScope();
        var branding = scope.ServiceProvider.GetRequiredService<IBrandingService>();
        await File.WriteAllBytesAsync("acme.png", TestImages.Png(8, 8, 200, 30, 30), cancellationToken);
        try
        {
            // docs: sessions-and-branding.md#branding
            await branding.SetAsync(tenantId: null, "#1a73e8", "#ffffff", "Northwind Hub", cancellationToken);  // MSP-wide
            await branding.SetLogoAsync(acme.Id, File.ReadAllBytes("acme.png"), cancellationToken);           // Acme's own logo
            var inForce = await branding.ResolveAsync(acme, cancellationToken);                               // Acme's logo, the MSP's colours
            // end docs

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(TestImages.Png(8, 8, 200, 30, 30))), inForce.LogoSha256);
            Assert.Equal(("#1a73e8", "#ffffff", "Northwind Hub"), (inForce.PrimaryColor, inForce.SecondaryColor, inForce.Title));
            Assert.Null((await branding.ResolveAsync(Globex, cancellationToken)).LogoSha256);
        }
        finally
        {
            File.Delete("acme.png");
        }
    }

    [Fact]
    public async Task Let_a_tenant_role_holding_the_declared_branding_permission_change_the_tenants_branding()
    {
        var token = (await _app.Services.GetRequiredService<ISessionTokens>().IssueAsync(Admin.Id, Acme)).Token;
        using var request = new HttpRequestMessage(HttpMethod.Put, "/hub/branding") { Content = JsonContent.Create(new BrandingUpdate("#1a73e8", null, "Acme IT")) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Acme IT", (await response.Content.ReadFromJsonAsync<SessionBranding>())!.Title);
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
