using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.Owasp;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>
/// A hub that signs users in with MspHub's session tokens, validated by the stock JwtBearer handler.
/// Alice is an Agent in Acme, Tom a technician granted Globex, Sam a technician of the admin tenancy (Hq) with a
/// shadow membership in Globex, Mia an MSP
/// admin, Oscar belongs nowhere, Brenda manages Acme's branding; Initech is suspended. Branding is kept in memory.
/// </summary>
public sealed class SessionTestHost : IAsyncDisposable
{
    public const string Issuer = "https://hub.test";
    public const string Audience = "msphub-tests";

    private readonly WebApplication _app;
    private readonly IAsyncDisposable? _database;

    private SessionTestHost(WebApplication app, IAsyncDisposable? database)
    {
        _app = app;
        _database = database;
        Client = app.GetTestClient();
    }

    public static string SigningKeyPem { get; } = NewKeyPem();

    public static Tenant Acme { get; } = Tenant.Create("acme", "Acme");

    public static Tenant Globex { get; } = Tenant.Create("globex", "Globex");

    /// <summary>The admin tenancy: the MSP's own staff are its members.</summary>
    public static Tenant Hq { get; } = Tenant.Create("hq", "Hq") with { IsAdminTenancy = true };

    public static Tenant Initech { get; } = Tenant.Create("initech", "Initech") with { Status = TenantStatus.Suspended };

    public static HubUser Alice { get; } = HubUser.Create("alice");

    public static HubUser Tom { get; } = HubUser.Create("tom", SystemRole.Technician);

    public static HubUser Sam { get; } = HubUser.Create("sam", SystemRole.Technician);

    public static HubUser Mia { get; } = HubUser.Create("mia", SystemRole.MspAdmin);

    public static HubUser Oscar { get; } = HubUser.Create("oscar");

    /// <summary>Acme's brand manager: an Acme member whose role may change Acme's branding.</summary>
    public static HubUser Brenda { get; } = HubUser.Create("brenda");

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ISessionTokens Tokens => _app.Services.GetRequiredService<ISessionTokens>();

    public static string NewKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <param name="configure">Changes to the session settings.</param>
    /// <param name="moreTenants">Tenants beyond the named ones, each granted to Tom.</param>
    /// <param name="sharedAccess">Another node's access store, already seeded, to share as one database would be shared.</param>
    public static async Task<SessionTestHost> StartAsync(
        Action<MspHubJwtOptions>? configure = null, IEnumerable<Tenant>? moreTenants = null, InMemoryAccessStore? sharedAccess = null, Action<MspHubBuilder>? more = null)
    {
        Tenant[] tenants = [Acme, Globex, Initech, Hq, .. moreTenants ?? []];
        var builder = CreateBuilder();
        builder.Services.AddSingleton(sharedAccess ?? new InMemoryAccessStore());
        builder.Services.AddMspHub(hub => Configure(hub
            .AddInMemoryTenantStore(tenants)
            .AddAccessStore<InMemoryAccessStore>(ServiceLifetime.Singleton)
            .AddInMemoryTenantSettingsStore()
            .AddInMemoryBrandingStore(), configure, more));
        var app = builder.Build();
        if (sharedAccess is null)
        {
            await SeedAsync(app.Services, moreTenants ?? []);
        }

        return await StartAsync(app, database: null);
    }

    /// <summary>The same hub with every store in SQLite (<see cref="MatrixDb"/>) and MspHub's ProblemDetails mapping behind <c>UseExceptionHandler()</c>.</summary>
    public static Task<SessionTestHost> StartOnSqliteAsync(Action<MspHubBuilder>? more = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"msphub-sessions-{Guid.NewGuid():N}.db");
        return StartOnDatabaseAsync(o => o.UseSqlite($"Data Source={file};Pooling=false"), new SqliteFile(file), more);
    }

    /// <summary>The same hub on PostgreSQL, in a database of its own that is dropped with the host.</summary>
    public static async Task<SessionTestHost> StartOnPostgresAsync(Action<MspHubBuilder>? more = null)
    {
        var database = await PostgresDatabase.CreateAsync();
        return await StartOnDatabaseAsync(o => o.UseNpgsql(database.ConnectionString), database, more);
    }

    private static async Task<SessionTestHost> StartOnDatabaseAsync(Action<DbContextOptionsBuilder> provider, IAsyncDisposable database, Action<MspHubBuilder>? more)
    {
        var builder = CreateBuilder();
        builder.Services.AddDbContext<MatrixDb>(provider);
        builder.Services.AddMspHub(hub => Configure(hub.AddEntityFrameworkStores<MatrixDb>(), configure: null, more).AddProblemDetailsMapping());
        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatrixDb>().Database.EnsureCreatedAsync();
            foreach (var tenant in new[] { Acme, Globex, Initech, Hq })
            {
                await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant);
            }
        }

        await SeedAsync(app.Services, []);
        return await StartAsync(app, database);
    }

    private sealed class SqliteFile(string path) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
            return ValueTask.CompletedTask;
        }
    }

    private static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddMspHubSessions();
        return builder;
    }

    // `more` adds to the hub, such as operation gates; MapApprovals() and the elevation endpoints follow them.
    private static MspHubBuilder Configure(MspHubBuilder hub, Action<MspHubJwtOptions>? configure, Action<MspHubBuilder>? more)
    {
        hub.AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All).Resource("branding").Action("update").Resource("access").Action("consent", sensitive: true))
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
            .AddPermissionPolicies()
            .AddJwtSessions(o =>
            {
                o.Issuer = Issuer;
                o.Audience = Audience;
                o.SigningKeyPem = SigningKeyPem;
                configure?.Invoke(o);
            });
        more?.Invoke(hub);
        return hub;
    }

    private static async Task<SessionTestHost> StartAsync(WebApplication app, IAsyncDisposable? database)
    {
        if (database is not null)
        {
            app.UseExceptionHandler();
        }

        app.UseAuthentication();
        app.UseMspHub();
        app.UseAuthorization();
        var hub = app.MapMspHub();
        if (app.Services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IOperationApprovals)))
        {
            hub.MapApprovals();
        }

        // docs: gates-and-delegated-access.md#over-http
        app.MapTechnicianAccess();   // GET, approve, decline and revoke under /hub/technician-access
        // end docs
        app.MapGet("/whoami", (HttpContext http) => http.GetTenant()?.Slug ?? "none").RequireAuthorization();
        app.MapGet("/msp/overview", () => "msp").RequireAuthorization(p => p.RequireRole(nameof(SystemRole.MspAdmin)));
        // docs: access-control.md#the-tenant-gate
        app.MapGet("/me", (HttpContext http) => http.GetTenant()!.Name).RequireTenantEntry();
        // end docs
        await app.StartAsync();
        return new SessionTestHost(app, database);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null, string? tenantHeader = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (tenantHeader is not null)
        {
            request.Headers.Add("X-Tenant", tenantHeader);
        }

        return Client.SendAsync(request);
    }

    public async Task<string> SignInAsync(HubUser user, Tenant? tenant = null) => (await Tokens.IssueAsync(user.Id, tenant)).Token;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static async Task SeedAsync(IServiceProvider services, IEnumerable<Tenant> moreTenants)
    {
        using var scope = services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        foreach (var user in new[] { Alice, Tom, Sam, Mia, Oscar, Brenda })
        {
            await store.AddUserAsync(user);
        }

        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Agent", Permissions = ["automs.view"] });
        await tenantSide.SetMemberAsync(Acme.Id, Alice.Id, ["Agent"]);
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Brand manager", Permissions = ["branding.update"] });
        await tenantSide.SetMemberAsync(Acme.Id, Brenda.Id, ["Brand manager"]);
        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        foreach (var tenant in moreTenants.Prepend(Globex))
        {
            await msp.GrantAsync(Tom.Id, tenant.Id, ["automs.view"]);
        }

        await store.SaveMembershipAsync(new Membership { UserId = Sam.Id, TenantId = Hq.Id });
        await msp.AddShadowMembershipsAsync(Globex.Id);
    }
}
