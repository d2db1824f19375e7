using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.Licensing;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The per-tenant features of docs/licensing.md and their endpoint policies, run exactly as the page shows them (the marked regions), on SQLite.</summary>
public sealed class LicensedFeaturesShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly Tenant GlobexLeeds = Tenant.Create("globex-leeds", "Globex Leeds", Globex.Id);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-features-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        builder.Services.AddControllers().AddApplicationPart(typeof(VaultSecretsController).Assembly);
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddLicensing(TestLicences.Install(TestLicences.Licence(features: ["vault"])))
            .AddFeaturePolicies());

        var app = builder.Build();
        app.UseAuthentication();
        app.UseTestTenantHeader();
        app.UseAuthorization();
        // docs: licensing.md#features group
        var vault = app.MapGroup("/vault").RequireFeature("vault");
        // end docs
        vault.MapGet("/secrets", () => "smtp-password");
        app.MapControllers();

        _app = app;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Acme);
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Globex);
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(GlobexLeeds);
        }

        await app.StartAsync();
        _client = app.GetTestClient();
        _client.DefaultRequestHeaders.Add("X-Test-User", Guid.CreateVersion7().ToString());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private Task<HttpResponseMessage> GetAsync(string path, Tenant tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Test-Tenant", tenant.Slug);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Switch_a_feature_off_for_one_tenant_and_hide_its_endpoints()
    {
        var cancellationToken = CancellationToken.None;
        var tenant = Acme;
        await using var scope = _app.Services.CreateAsyncScope();
        var features = scope.ServiceProvider.GetRequiredService<ITenantFeatures>();

        // docs: licensing.md#features
        tenant = await features.SetAsync(tenant.Id, "vault", enabled: false, cancellationToken);  // the tenant as stored
        var vaultOn = features.IsEnabled(tenant, "vault");   // false; other tenants unaffected
        var settingsPage = features.List(tenant);            // every licensed feature with its state
        // end docs

        Assert.False(vaultOn);
        Assert.True(features.IsEnabled(Globex, "vault"));
        Assert.Equal([new TenantFeature("vault", Enabled: false) { Choice = FeatureChoice.Off, SourceTenantId = Acme.Id }], settingsPage);
        await Assert.ThrowsAsync<FeatureNotLicensedException>(() => features.SetAsync(tenant.Id, "billing", enabled: true, cancellationToken));
        foreach (var path in new[] { "/vault/secrets", "/vault-secrets" })
        {
            var problem = await ProblemAssert.IsAsync(await GetAsync(path, Acme), MspHubProblemTypes.FeatureNotAvailable);
            Assert.Equal("vault", problem.Extensions["feature"]?.ToString());
            Assert.Equal("smtp-password", await (await GetAsync(path, Globex)).Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Make_a_choice_at_a_client_the_default_for_its_branches_and_their_endpoints()
    {
        var cancellationToken = CancellationToken.None;
        var (client, branch) = (Globex, GlobexLeeds);
        await using var scope = _app.Services.CreateAsyncScope();
        var features = scope.ServiceProvider.GetRequiredService<ITenantFeatures>();

        // docs: licensing.md#features subtree
        await features.SetAsync(client.Id, "vault", FeatureChoice.Off, cancellationToken);     // the client and every branch under it
        await features.SetAsync(branch.Id, "vault", FeatureChoice.On, cancellationToken);      // this branch (and its own branches) only
        await features.SetAsync(branch.Id, "vault", FeatureChoice.Inherit, cancellationToken); // follow the client again
        var vaultOn = await features.IsEnabledAsync(branch, "vault", cancellationToken);       // false: the client's choice
        // end docs

        Assert.False(vaultOn);
        Assert.Equal([new TenantFeature("vault", Enabled: false) { SourceTenantId = Globex.Id }], features.List(branch));
        await ProblemAssert.IsAsync(await GetAsync("/vault/secrets", GlobexLeeds), MspHubProblemTypes.FeatureNotAvailable);
        Assert.Equal("smtp-password", await (await GetAsync("/vault/secrets", Acme)).Content.ReadAsStringAsync());

        await features.SetAsync(branch.Id, "vault", FeatureChoice.On, cancellationToken);
        Assert.Equal("smtp-password", await (await GetAsync("/vault/secrets", GlobexLeeds)).Content.ReadAsStringAsync());
        await ProblemAssert.IsAsync(await GetAsync("/vault/secrets", Globex), MspHubProblemTypes.FeatureNotAvailable);
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}

// docs: licensing.md#features controller
[RequireFeature("vault")]
[Route("vault-secrets")]
public sealed class VaultSecretsController : ControllerBase
{
    [HttpGet]
    public IActionResult List() => Ok("smtp-password");
}
// end docs
