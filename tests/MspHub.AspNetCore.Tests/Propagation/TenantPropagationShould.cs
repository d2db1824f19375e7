using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Propagation;

/// <summary>
/// A front service calls a billing service in the tenant it runs in: the tenant travels in a header, the billing
/// service accepts it only from a principal that is a trusted service, and that service holds only the permissions
/// it was trusted with. Users cannot pass as services, untrusted services are refused, suspended tenants stay shut.
/// </summary>
public sealed class TenantPropagationShould : IAsyncLifetime
{
    private const string ServiceScheme = "Service";

    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly Tenant Initech = Tenant.Create("initech", "Initech") with { Status = TenantStatus.Suspended };
    private static readonly HubUser Alice = HubUser.Create("alice");

    private WebApplication _billing = null!;
    private WebApplication _front = null!;
    private HttpClient _toBilling = null!;
    private HttpClient _toFront = null!;

    public async Task InitializeAsync()
    {
        _billing = await StartBillingAsync();
        _toBilling = _billing.GetTestClient();

        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Acme, Globex, Initech)
            .AddInMemoryAccessStore()
            .ResolveTenantFrom(r => r.Header(TenantPropagation.HeaderName)));
        // docs: operations.md#sending-the-tenant
        builder.Services.AddHttpClient("billing", c => c.BaseAddress = new Uri("http://billing/"))
            .AddTenantPropagation()
            .AddHttpMessageHandler(() => new ServiceCredentials("front")); // your client-credentials token handler
        // end docs
        builder.Services.AddHttpClient("billing").ConfigurePrimaryHttpMessageHandler(() => _billing.GetTestServer().CreateHandler());
        _front = builder.Build();
        _front.UseRouting();
        _front.UseAuthentication();
        _front.UseMspHub();
        _front.MapGet("/invoices", async (IHttpClientFactory clients) =>
            await (await clients.CreateClient("billing").GetAsync(new Uri("invoices", UriKind.Relative))).Content.ReadAsStringAsync());
        await SeedAsync(_front.Services);
        await _front.StartAsync();
        _toFront = _front.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _toFront.Dispose();
        _toBilling.Dispose();
        await _front.DisposeAsync();
        await _billing.DisposeAsync();
    }

    [Fact]
    public async Task Carry_the_tenant_of_the_calling_request_to_the_next_service()
    {
        var response = await SendAsync(_toFront, "/invoices", user: Alice, tenant: Acme);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("invoices of acme for a service", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Send_the_ambient_tenant_replacing_any_other_and_nothing_outside_a_tenant()
    {
        var seen = new List<string?>();
        using var services = new ServiceCollection()
            .AddMspHub(hub => hub.AddInMemoryTenantStore(Acme, Globex)).Services
            .AddHttpClient("out").AddTenantPropagation().ConfigurePrimaryHttpMessageHandler(() => new Recording(seen)).Services
            .BuildServiceProvider();
        var tenancy = services.GetRequiredService<ITenancy>();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient("out");

        using (tenancy.BeginScope(Acme))
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, "http://next/");
            forged.Headers.Add(TenantPropagation.HeaderName, Globex.Id.ToString());
            await client.SendAsync(forged);
            using (tenancy.BeginCrossTenantScope("report"))
            {
                await client.GetAsync(new Uri("http://next/"));
            }
        }

        await client.GetAsync(new Uri("http://next/"));

        Assert.Equal([Acme.Id.ToString(), null, null], seen);
    }

    [Fact]
    public async Task Give_a_trusted_service_only_the_permissions_it_was_trusted_with()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(_toBilling, "/invoices", service: "front", tenant: Globex)).StatusCode);

        var refused = await SendAsync(_toBilling, "/invoices/purge", service: "front", tenant: Globex);

        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.PermissionRequired);
    }

    [Fact]
    public async Task Refuse_a_service_the_policy_does_not_trust()
    {
        var refused = await SendAsync(_toBilling, "/invoices", service: "stranger", tenant: Acme);

        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.TenantNotAvailable);
    }

    [Fact]
    public async Task Never_let_a_user_pass_as_a_service()
    {
        // Alice's token even carries the service scope: she is a user, so only her own access counts.
        var refused = await SendAsync(_toBilling, "/invoices", user: Alice, service: "front", tenant: Globex);

        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.TenantNotAvailable);
    }

    [Fact]
    public async Task Keep_a_suspended_tenant_shut_to_services()
    {
        var refused = await SendAsync(_toBilling, "/invoices", service: "front", tenant: Initech);

        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.TenantSuspended);
    }

    [Theory]
    [InlineData("no-such-policy", "invoices.view")]
    [InlineData("services", "invoices.nope")]
    [InlineData("services", "invoices.export")]
    public async Task Refuse_to_start_with_a_trust_it_cannot_honour(string policy, string permission)
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddAuthorizationBuilder().AddPolicy("services", p => p.RequireClaim("scope", "tenant-calls"));
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore()
            .AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("invoices").Actions("view").Action("export", sensitive: true))
            .TrustTenantFromServices(o =>
            {
                o.Policy = policy;
                o.Permissions.Add(permission);
            }));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.StartsWith("TrustTenantFromServices:", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartBillingAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(ServiceScheme)
            .AddScheme<AuthenticationSchemeOptions, ServiceAuthenticationHandler>(ServiceScheme, null);
        // docs: operations.md#trusting-it-from-services
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("services", p => p.RequireClaim("client_id", "front").RequireClaim("scope", "tenant-calls"));
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Acme, Globex, Initech)
            .AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("invoices").Actions("view", "delete"))
            .ResolveTenantFrom(r => r.Header(TenantPropagation.HeaderName))
            .AddPermissionPolicies()
            .TrustTenantFromServices(o =>
            {
                o.Policy = "services";
                o.Permissions.Add("invoices.view");
            }));
        // end docs
        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMspHub();
        app.UseAuthorization();
        app.MapGet("/invoices", (HttpContext http) => $"invoices of {http.GetTenant()!.Slug} for a service")
            .RequirePermission("invoices", "view");
        app.MapGet("/invoices/purge", () => "purged").RequirePermission("invoices", "delete");
        await SeedAsync(app.Services);
        await app.StartAsync();
        return app;
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        await services.GetRequiredService<InMemoryAccessStore>().AddUserAsync(Alice);
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().SetMemberAsync(Acme.Id, Alice.Id, []);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, HubUser? user = null, string? service = null, Tenant? tenant = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user.Id.ToString());
        }

        if (service is not null)
        {
            request.Headers.Add("X-Test-Service", service);
        }

        if (tenant is not null)
        {
            request.Headers.Add(TenantPropagation.HeaderName, tenant.Slug);
        }

        return client.SendAsync(request);
    }

    /// <summary>Stands in for a client-credentials token handler: the front service calls as the service <paramref name="clientId"/>.</summary>
    private sealed class ServiceCredentials(string clientId) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Test-Service", clientId);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Recording(List<string?> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.TryGetValues(TenantPropagation.HeaderName, out var values) ? values.Single() : null);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }

    /// <summary>
    /// Signs in a service named by <c>X-Test-Service</c> (client id and scope, no user id), or a user named by
    /// <c>X-Test-User</c> whose token also carries the service scope.
    /// </summary>
    private sealed class ServiceAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var claims = new List<Claim>();
            if (Request.Headers["X-Test-User"].FirstOrDefault() is { } user)
            {
                claims.Add(new Claim("sub", user));
            }

            if (Request.Headers["X-Test-Service"].FirstOrDefault() is { } service)
            {
                claims.Add(new Claim("client_id", service));
                claims.Add(new Claim("scope", "tenant-calls"));
            }

            return Task.FromResult(claims.Count == 0
                ? AuthenticateResult.NoResult()
                : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, ServiceScheme)), ServiceScheme)));
        }
    }
}
