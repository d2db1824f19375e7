using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;
using MspHub.EntityFramework;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The rate-limited host of docs/operations.md, built exactly as the page shows it (the marked region), on SQLite with session tokens.</summary>
public sealed class PerTenantRateLimitsShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly HubUser Alice = HubUser.Create("alice");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-rate-limits-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = DocumentedWebHost.CreateBuilder<HubDb>(_file);

        // docs: operations.md#per-tenant-rate-limits
        builder.Services.AddAuthentication()
            .AddMspHubSessions();
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()           // the tenants, and their msphub.rate-limit settings
            .AddJwtSessions(builder.Configuration.GetSection("MspHub:Jwt"))
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
            .AddTenantRateLimiting(o =>
            {
                o.PermitLimit = 100;                     // requests per tenant per window (600 unless set)
                o.UnresolvedPermitLimit = 20;            // per signed-in user, or per client address, naming no tenant
                o.Window = TimeSpan.FromMinutes(1);
            }));
        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMspHub();
        app.UseRateLimiter();
        app.MapGet("/work", (HttpContext http) => http.GetTenant()?.Slug ?? "none")
            .RequireRateLimiting(MspHubRateLimiting.TenantPolicy);
        // end docs

        _app = app;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
            var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
            await tenants.AddAsync(Acme);
            await tenants.AddAsync(Globex);
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(Alice);
            var members = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
            await members.SetMemberAsync(Acme.Id, Alice.Id, []);
            await members.SetMemberAsync(Globex.Id, Alice.Id, []);
        }

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

    [Fact]
    public async Task Refuse_a_signed_in_tenant_past_its_budget_and_keep_serving_another()
    {
        var tokens = _app.Services.GetRequiredService<ISessionTokens>();
        var (acme, globex) = ((await tokens.IssueAsync(Alice.Id, Acme)).Token, (await tokens.IssueAsync(Alice.Id, Globex)).Token);

        var within = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => GetAsync(acme)));
        var past = await GetAsync(acme);

        Assert.All(within, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await ProblemAssert.IsAsync(past, MspHubProblemTypes.RateLimited);
        Assert.Equal("globex", await (await GetAsync(globex)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Give_anonymous_callers_naming_no_tenant_the_smaller_budget()
    {
        var within = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetAsync(token: null)));

        Assert.All(await Task.WhenAll(within.Select(r => r.Content.ReadAsStringAsync())), body => Assert.Equal("none", body));
        await ProblemAssert.IsAsync(await GetAsync(token: null), MspHubProblemTypes.RateLimited);
    }

    private Task<HttpResponseMessage> GetAsync(string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return _client.SendAsync(request);
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
