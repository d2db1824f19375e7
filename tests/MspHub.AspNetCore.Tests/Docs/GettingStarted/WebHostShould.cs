// docs: getting-started.md#a-web-host
// Program.cs
using Microsoft.EntityFrameworkCore;
using MspHub;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.Licensing;

// end docs
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

/// <summary>
/// The web host that opens docs/getting-started.md, built and run exactly as the page shows it (the marked regions):
/// a member reads and writes their own tenant's invoices, nobody reaches another tenant's, and nobody unsigned gets in.
/// </summary>
public sealed class WebHostShould : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("msphub-getting-started-").FullName;

    [Fact]
    public async Task Serve_each_member_their_own_tenants_invoices_and_refuse_everyone_else()
    {
        string[] args = [];
        var licencePath = Path.Combine(_folder, "hub.licence");
        await File.WriteAllTextAsync(licencePath, LicenceIssuer.Issue(TestLicences.Licence(maxTenants: 5), TestLicences.Vendor.PrivateKeyPem));
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hub"] = $"Data Source={Path.Combine(_folder, "hub.db")};Pooling=false",
            ["MspHub:Licence:PublicKeyPem"] = TestLicences.Vendor.PublicKeyPem,
            ["MspHub:Licence:LicencePath"] = licencePath,
            ["MspHub:Jwt:Issuer"] = "https://hub.example.com",
            ["MspHub:Jwt:Audience"] = "hub",
            ["MspHub:Jwt:SigningKeyPem"] = SessionTestHost.SigningKeyPem,
        };

        // docs: getting-started.md#a-web-host
        var builder = WebApplication.CreateBuilder(args);

        // end docs
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton<IAccounts, TestAccounts>();
        // docs: getting-started.md#a-web-host
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Hub")));
        builder.Services.AddAuthentication()
            .AddMspHubSessions();                // validates the session tokens MspHub issues
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()   // tenants, users, roles, grants, settings and audit in HubDb
            .AddLicensing(o => builder.Configuration.GetSection("MspHub:Licence").Bind(o))
            .AddJwtSessions(builder.Configuration.GetSection("MspHub:Jwt"))
            .AddPermissions(p => p.Resource("invoices").Actions(PermissionActions.All))
            .AddPermissionPolicies()
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
            .AddProblemDetailsMapping());        // MspHub's exceptions become RFC 7807 problems, never 500s

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseMspHub();                         // resolves the tenant and checks the caller may enter it
        app.UseAuthorization();
        app.MapMspHub();                         // /hub/session, /hub/session/tenants, /hub/session/switch, ...

        app.MapGet("/invoices", (HubDb db, CancellationToken ct) => db.Invoices.ToListAsync(ct))
           .RequirePermission("invoices", PermissionActions.View);
        app.MapPost("/invoices", async (NewInvoice request, HubDb db, CancellationToken ct) =>
        {
            var invoice = new Invoice { Number = request.Number, Amount = request.Amount };
            db.Invoices.Add(invoice);            // the save guard stamps the current tenant
            await db.SaveChangesAsync(ct);
            return Results.Created($"/invoices/{invoice.Id}", invoice);
        }).RequirePermission("invoices", PermissionActions.Create);

        // end docs
        // docs: getting-started.md#signing-in
        app.MapPost("/sign-in", async (SignIn request, IAccounts accounts, IHubUserStore users, ITenantStore tenants,
            ITenantGate gate, ISessionTokens sessions, CancellationToken ct) =>
        {
            // A wrong password and an unknown user get the same answer, so nobody learns which names exist.
            var user = await accounts.CheckPasswordAsync(request.UserName, request.Password, ct)
                ? await users.FindUserByNameAsync(request.UserName, ct)
                : null;
            if (user is null)
            {
                throw new SessionRefusedException("Wrong user name or password.");
            }

            // Asked before a token is issued, so a tenant that does not exist and one the user may not enter get the same
            // answer, and a refusal leaves nothing in a tenant the user cannot see into.
            var tenant = await tenants.FindBySlugAsync(request.Tenant, ct);
            if (tenant is null || (await gate.DecideAsync(user.Id, tenant.Id, ct)).Outcome is TenantGateOutcome.Refused or TenantGateOutcome.Unknown)
            {
                throw new SessionRefusedException("You cannot act in that tenant, or it does not exist.");
            }

            return Results.Ok(await sessions.IssueAsync(user.Id, tenant, ct));   // { token, expiresAt, tenantId }
        }).SkipTenantResolution();   // no tenant is active before signing in

        // end docs
        // docs: getting-started.md#the-first-administrator-tenants-and-users
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            await services.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
            // Once: on the first start with a valid licence (unlicensed, the host starts and waits for one).
            if (services.GetRequiredService<ILicensing>().IsLicensed
                && await services.GetRequiredService<ILicenceActivation>().GetActivationAsync() is null)
            {
                var adminId = Guid.CreateVersion7();   // the id your sign-in knows the first administrator by
                await services.GetRequiredService<ILicenceActivation>().ActivateAsync(adminId, "admin");

                var lifecycle = services.GetRequiredService<ITenantLifecycle>();
                var contoso = await lifecycle.CreateAsync("contoso", "Contoso Ltd");
                await lifecycle.CreateAsync("fabrikam", "Fabrikam Inc");

                var alice = HubUser.Create("alice");
                await services.GetRequiredService<IMspAccessManager>().AddUserAsync(alice);
                var tenantSide = services.GetRequiredService<ITenantAccessManager>();
                await tenantSide.SaveRoleAsync(new TenantRole
                {
                    TenantId = contoso.Id,
                    Name = "Accounts",
                    Permissions = ["invoices.view", "invoices.create"],
                });
                await tenantSide.SetMemberAsync(contoso.Id, alice.Id, ["Accounts"]);
            }
        }

        // end docs
        var checks = CheckOnceStartedAsync(app);
        // docs: getting-started.md#a-web-host
        await app.RunAsync();

        // end docs
        await checks;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task CheckOnceStartedAsync(WebApplication app)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = app.Lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task;
        try
        {
            using var client = app.GetTestClient();
            var alice = await SignInAsync(client, "alice", "contoso");
            var contoso = await FindTenantAsync(app, "contoso");

            var created = await SendAsync(client, HttpMethod.Post, alice, JsonContent.Create(new NewInvoice("INV-1", 120m)));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var listed = await (await SendAsync(client, HttpMethod.Get, alice)).Content.ReadFromJsonAsync<List<Invoice>>();
            Assert.Equal(("INV-1", contoso.Id), (Assert.Single(listed!).Number, listed![0].TenantId));

            // An invoice without its number: the database refuses the NULL, and the caller is told what to fix.
            var numberless = await SendAsync(client, HttpMethod.Post, alice, JsonContent.Create(new { amount = 5m }));
            await ProblemAssert.IsAsync(numberless, MspHubProblemTypes.InvalidRequest);

            // A body that does not bind is ProblemDetails in production too, not the empty 400 minimal APIs give there.
            Assert.True(app.Environment.IsProduction());
            foreach (var body in new[] { "{\"number\": ", "{\"number\": \"INV-2\", \"amount\": \"lots\"}", "" })
            {
                var unbound = await SendAsync(client, HttpMethod.Post, alice, new StringContent(body, MediaTypeHeaderValue.Parse("application/json")));
                await ProblemAssert.IsAsync(unbound, MspHubProblemTypes.InvalidRequest);
            }

            // Alice is no member of fabrikam: no session for it, and a header naming it next to her token is refused.
            // Neither a wrong password, an unknown user nor a tenant that does not exist gets a session either.
            foreach (var (user, password, tenant) in new[]
            {
                ("alice", TestAccounts.Password, "fabrikam"), ("alice", "guess", "contoso"), ("mallory", TestAccounts.Password, "contoso"),
                ("alice", TestAccounts.Password, "nosuch"),
            })
            {
                var refused = await client.PostAsJsonAsync("/sign-in", new SignIn(user, password, tenant));
                await ProblemAssert.IsAsync(refused, MspHubProblemTypes.SessionRefused);
            }

            await ProblemAssert.IsAsync(await SendAsync(client, HttpMethod.Get, alice, tenant: "fabrikam"), MspHubProblemTypes.ConflictingTenant);

            // The MSP admin enters fabrikam and sees none of contoso's invoices; nobody unsigned gets anything:
            // with or without a tenant, the request is asked for a sign-in.
            var admin = await SignInAsync(client, "admin", "fabrikam");
            Assert.Empty((await (await SendAsync(client, HttpMethod.Get, admin)).Content.ReadFromJsonAsync<List<Invoice>>())!);

            await ProblemAssert.IsAsync(await SendAsync(client, HttpMethod.Get, token: null), MspHubProblemTypes.AuthenticationRequired);
            await ProblemAssert.IsAsync(await SendAsync(client, HttpMethod.Get, token: null, tenant: "contoso"), MspHubProblemTypes.AuthenticationRequired);

            // A new tenant gives the admin tenancy's members a shadow membership there, which outdates the admin's token,
            // switch included; signing in again gives one that works, and Alice's token is untouched.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("northwind", "Northwind Traders");
            }

            await ProblemAssert.IsAsync(await SendAsync(client, HttpMethod.Get, admin), MspHubProblemTypes.SessionOutdated);
            using (var switchWithOld = new HttpRequestMessage(HttpMethod.Post, "/hub/session/switch") { Content = JsonContent.Create(new SwitchTenantRequest("fabrikam")) })
            {
                switchWithOld.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
                await ProblemAssert.IsAsync(await client.SendAsync(switchWithOld), MspHubProblemTypes.SessionOutdated);
            }

            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, await SignInAsync(client, "admin", "fabrikam"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, alice)).StatusCode);
        }
        finally
        {
            app.Lifetime.StopApplication();
        }
    }

    private static async Task<Tenant> FindTenantAsync(WebApplication app, string slug)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindBySlugAsync(slug))!;
    }

    private static async Task<string> SignInAsync(HttpClient client, string userName, string tenant)
    {
        var response = await client.PostAsJsonAsync("/sign-in", new SignIn(userName, TestAccounts.Password, tenant));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionToken>())!.Token;
    }

    /// <summary>The host's accounts, as the page leaves them to the host: every user's password is the same one here.</summary>
    private sealed class TestAccounts : IAccounts
    {
        public const string Password = "correct horse battery staple";

        public Task<bool> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken) =>
            Task.FromResult(password == Password);
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string? token, HttpContent? content = null, string? tenant = null)
    {
        using var request = new HttpRequestMessage(method, "/invoices") { Content = content };
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant", tenant);
        }

        return await client.SendAsync(request);
    }
}

// docs: getting-started.md#a-web-host
public sealed class Invoice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }                   // set by MspHub; never taken from the client
    public required string Number { get; set; }
    public decimal Amount { get; set; }
}

public sealed record NewInvoice(string Number, decimal Amount);

public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
{
    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
}
// end docs

// docs: getting-started.md#signing-in
public sealed record SignIn(string UserName, string Password, string Tenant);

// Your accounts check passwords (ASP.NET Core Identity, an identity provider, your own table), not MspHub.
public interface IAccounts
{
    Task<bool> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken);
}
// end docs
