using System.Security.Claims;
using System.Text.Encodings.Web;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MspHub.AspNetCore;

namespace MspHub.Benchmarks;

/// <summary>
/// A whole request through the in-process test server (BRIEF target: MspHub keeps at least 0.95× the
/// throughput). Both apps authenticate the caller and authorise the endpoint; the MspHub app also resolves
/// the tenant with UseMspHub (header strategy, entry check) and requires a permission instead of plain
/// authentication.
/// </summary>
[MemoryDiagnoser]
public class WholeRequestBenchmarks
{
    private WebApplication _plain = null!;
    private WebApplication _hub = null!;
    private HttpClient _plainClient = null!;
    private HttpClient _hubClient = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tenant = Tenant.Create("acme", "Acme");
        var user = HubUser.Create("alice");

        var plain = Builder();
        plain.Services.AddAuthorization();
        _plain = plain.Build();
        _plain.UseAuthentication();
        _plain.UseAuthorization();
        _plain.MapGet("/automs", () => "nightly-backup").RequireAuthorization();

        var hub = Builder();
        hub.Services.AddMspHub(h => h
            .AddInMemoryTenantStore(tenant)
            .AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
            .ResolveTenantFrom(r => r.Header("X-Tenant"))
            .AddPermissionPolicies());
        _hub = hub.Build();
        var store = _hub.Services.GetRequiredService<InMemoryAccessStore>();
        store.AddUserAsync(user).GetAwaiter().GetResult();
        store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Agent", Permissions = ["automs.view"] }).GetAwaiter().GetResult();
        store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = tenant.Id, Roles = ["Agent"] }).GetAwaiter().GetResult();
        _hub.UseAuthentication();
        _hub.UseMspHub();
        _hub.UseAuthorization();
        _hub.MapGet("/automs", () => "nightly-backup").RequirePermission("automs", PermissionActions.View);

        _plain.StartAsync().GetAwaiter().GetResult();
        _hub.StartAsync().GetAwaiter().GetResult();
        _plainClient = Client(_plain, user, tenant);
        _hubClient = Client(_hub, user, tenant);
        if (Plain() != "nightly-backup" || MspHub() != "nightly-backup")
        {
            throw new InvalidOperationException("A benchmark app does not answer its request.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainClient.Dispose();
        _hubClient.Dispose();
        _plain.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _hub.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Authenticated endpoint without MspHub (baseline)")]
    public string Plain() => _plainClient.GetStringAsync(new Uri("/automs", UriKind.Relative)).GetAwaiter().GetResult();

    [Benchmark(Description = "UseMspHub + RequirePermission")]
    public string MspHub() => _hubClient.GetStringAsync(new Uri("/automs", UriKind.Relative)).GetAwaiter().GetResult();

    private static WebApplicationBuilder Builder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseTestServer();
        builder.Services.AddRouting();
        builder.Services.AddAuthentication(UserIdHeaderHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, UserIdHeaderHandler>(UserIdHeaderHandler.SchemeName, null);
        return builder;
    }

    private static HttpClient Client(WebApplication app, HubUser user, Tenant tenant)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add("X-User", user.Id.ToString());
        client.DefaultRequestHeaders.Add("X-Tenant", tenant.Slug);
        return client;
    }

    /// <summary>Signs the caller in from a header, the cheapest stand-in for token validation, the same in both apps.</summary>
    private sealed class UserIdHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "UserId";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers["X-User"].FirstOrDefault() is { } user
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user)], SchemeName)), SchemeName))
                : AuthenticateResult.NoResult());
    }
}
