using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.Licensing;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs.DataIsolation;

/// <summary>A quota-counted endpoint of docs/licensing.md, mapped exactly as the page shows it (the marked region), on SQLite.</summary>
public sealed class QuotaEndpointShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly HubUser Maker = HubUser.Create("maker");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-quota-endpoint-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddLicensing(TestLicences.Install(TestLicences.Licence(quotas: new Dictionary<string, long> { ["automs"] = 1 })))
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
            .AddPermissionPolicies()
            .AddProblemDetailsMapping());

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseTestTenantHeader();
        app.UseAuthorization();
        // docs: licensing.md#endpoints
        app.MapPost("/automs", CreateAutom)
           .RequirePermission("automs", PermissionActions.Create)
           .ConsumesQuota("automs");
        // end docs

        _app = app;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Acme);
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(Maker);
            var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
            await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Maker", Permissions = ["automs.create"] });
            await tenantSide.SetMemberAsync(Acme.Id, Maker.Id, ["Maker"]);
        }

        await app.StartAsync();
        _client = app.GetTestClient();
        _client.DefaultRequestHeaders.Add("X-Test-User", Maker.Id.ToString());
        _client.DefaultRequestHeaders.Add("X-Test-Tenant", Acme.Slug);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    private static async Task<IResult> CreateAutom(HubDb db)
    {
        var autom = new Autom { Name = $"autom-{Guid.NewGuid():N}" };
        db.Automs.Add(autom);
        await db.SaveChangesAsync();
        return Results.Created($"/automs/{autom.Id}", autom.Name);
    }

    [Fact]
    public async Task Count_a_created_item_and_answer_409_at_the_limit()
    {
        var first = await _client.PostAsync("/automs", content: null);
        var second = await _client.PostAsync("/automs", content: null);

        Assert.Equal(System.Net.HttpStatusCode.Created, first.StatusCode);
        var problem = await ProblemAssert.IsAsync(second, MspHubProblemTypes.QuotaExceeded);
        Assert.Equal(("automs", "1", "1"), (problem.Extensions["quota"]?.ToString(), problem.Extensions["used"]?.ToString(), problem.Extensions["limit"]?.ToString()));
        await using var scope = _app.Services.CreateAsyncScope();
        using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginScope(Acme))
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<HubDb>().Automs.CountAsync());
        }
    }
}
