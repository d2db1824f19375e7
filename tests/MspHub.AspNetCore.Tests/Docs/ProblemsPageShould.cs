using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The exception mapping of docs/problems.md, set up exactly as the page shows it (the marked region), on SQLite.</summary>
public sealed class ProblemsPageShould : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-problems-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));

        // docs: problems.md#problems
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddProblemDetailsMapping());   // MspHub's exceptions anywhere in the app become the problems below
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();   // the framework's bodiless refusals (413, 415, 404) as the same problems
        // end docs
        app.MapPost("/tenants/{slug}", async (string slug, ITenantStore tenants) =>
        {
            await tenants.AddAsync(Tenant.Create(slug, slug));
            return slug;
        });

        _app = app;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
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
    public async Task Answer_exceptions_thrown_in_a_host_endpoint_with_their_problems()
    {
        var created = await _client.PostAsync("/tenants/acme", content: null);
        var taken = await _client.PostAsync("/tenants/acme", content: null);
        var invalid = await _client.PostAsync("/tenants/no--way", content: null);

        Assert.Equal("acme", await created.Content.ReadAsStringAsync());
        await ProblemAssert.IsAsync(taken, MspHubProblemTypes.Conflict);
        await ProblemAssert.IsAsync(invalid, MspHubProblemTypes.InvalidRequest);
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
