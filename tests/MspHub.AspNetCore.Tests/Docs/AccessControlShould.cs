using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The protected endpoints of docs/access-control.md, built exactly as the page shows them (the marked regions), on SQLite.</summary>
public sealed class AccessControlShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly HubUser Viewer = HubUser.Create("viewer");
    private static readonly HubUser Keeper = HubUser.Create("keeper");
    private static readonly HubUser Outsider = HubUser.Create("outsider");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-access-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        builder.Services.AddControllers().AddApplicationPart(typeof(VaultController).Assembly);

        // docs: access-control.md#protecting-endpoints
        // Who the caller is stays the host's: AddAuthentication() with a default scheme, such as MspHub's sessions
        // (builder.Services.AddAuthentication().AddMspHubSessions(), see Sessions), is registered before this.
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)
                .Resource("vault").Actions(PermissionActions.View))
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
            .AddPermissionPolicies());                       // handler + 403 ProblemDetails; calls AddAuthorization()

        var app = builder.Build();
        app.UseAuthentication();
        app.UseMspHub();                                     // puts the request's tenant in ITenancy, which the check reads
        app.UseAuthorization();

        app.MapGet("/automs", ListAutoms).RequirePermission("automs", PermissionActions.View);
        var admin = app.MapGroup("/admin").RequirePermission(new Permission("automs", PermissionActions.Delete));
        // end docs
        admin.MapDelete("/automs", () => "purged");
        app.MapControllers();

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

    private static string ListAutoms(ITenancy tenancy) => $"automs of {tenancy.Current.Tenant!.Slug}";

    private static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        await tenants.AddAsync(Acme);
        await tenants.AddAsync(Globex);
        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        foreach (var user in new[] { Viewer, Keeper, Outsider })
        {
            await msp.AddUserAsync(user);
        }

        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Viewer", Permissions = ["automs.view"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Keeper", Permissions = ["vault.view", "automs.delete"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Globex.Id, Name = "Viewer", Permissions = ["automs.view"] });
        await tenantSide.SetMemberAsync(Acme.Id, Viewer.Id, ["Viewer"]);
        await tenantSide.SetMemberAsync(Acme.Id, Keeper.Id, ["Keeper"]);
        await tenantSide.SetMemberAsync(Globex.Id, Outsider.Id, ["Viewer"]);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HubUser? user, string? tenant = "acme")
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user.Id.ToString());
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant", tenant);
        }

        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Let_a_holder_of_the_permission_in_the_tenant_through()
    {
        var automs = await SendAsync(HttpMethod.Get, "/automs", Viewer);
        var purge = await SendAsync(HttpMethod.Delete, "/admin/automs", Keeper);
        var vault = await SendAsync(HttpMethod.Get, "/vault", Keeper);

        Assert.Equal("automs of acme", await automs.Content.ReadAsStringAsync());
        Assert.Equal("purged", await purge.Content.ReadAsStringAsync());
        Assert.Equal("smtp-password", await vault.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/automs", "automs.view")]
    [InlineData("DELETE", "/admin/automs", "automs.delete")]
    [InlineData("GET", "/vault", "vault.view")]
    public async Task Answer_a_missing_permission_with_403_problem_details_naming_it(string method, string path, string permission)
    {
        var user = permission == "automs.view" ? Keeper : Viewer;

        var response = await SendAsync(new HttpMethod(method), path, user);

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.PermissionRequired);
        Assert.Equal(permission, problem.Extensions["permission"]?.ToString());
    }

    [Fact]
    public async Task Answer_an_anonymous_request_with_401()
    {
        var response = await SendAsync(HttpMethod.Get, "/automs", user: null, tenant: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Keep_a_member_of_another_tenant_out()
    {
        var response = await SendAsync(HttpMethod.Get, "/automs", Outsider);
        var own = await SendAsync(HttpMethod.Get, "/automs", Outsider, "globex");

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.TenantNotAvailable);
        Assert.Equal("automs of globex", await own.Content.ReadAsStringAsync());
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}

// docs: access-control.md#protecting-endpoints controller
[RequirePermission("vault", PermissionActions.View)]
[Route("vault")]
public sealed class VaultController : ControllerBase
{
    [HttpGet]
    public IActionResult List() => Ok("smtp-password");
}
// end docs
