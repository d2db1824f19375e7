using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.Docs.Audit;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.Owasp;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Vault;

/// <summary>
/// The vault over HTTP on one SQLite file, with operation gates on (reveal is L2): Ada keeps Acme's vault (the tenant's
/// admin there), Amy approves there, Abe may only view it, Gina keeps Globex's, Mia is an MSP admin and Tom an MSP
/// technician. Records without an actor name the request's user, as the audit page shows a host doing. The host can
/// restart on the same database with other key-encryption keys, as an operator switches them.
/// </summary>
internal sealed class VaultHost : IAsyncDisposable
{
    public const string Value = "hunter2-correct-horse-battery-staple";
    public const string FirstKeyId = "kek-1";

    public static readonly HubUser Ada = HubUser.Create("ada");
    public static readonly HubUser Amy = HubUser.Create("amy");
    public static readonly HubUser Abe = HubUser.Create("abe");
    public static readonly HubUser Gina = HubUser.Create("gina");
    public static readonly HubUser Mia = HubUser.Create("mia", SystemRole.MspAdmin);
    public static readonly HubUser Tom = HubUser.Create("tom", SystemRole.Technician);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-vault-http-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;

    private VaultHost()
    {
    }

    public Tenant Acme { get; } = Tenant.Create("acme", "Acme");

    public Tenant Globex { get; } = Tenant.Create("globex", "Globex");

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>The key-encryption keys the host runs with, by id.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; private set; } = new Dictionary<string, string>();

    /// <summary>A host whose only key-encryption key is <see cref="FirstKeyId"/>, seeded with the tenants, users and roles above.</summary>
    public static async Task<VaultHost> StartAsync()
    {
        var host = new VaultHost();
        await host.StartAsync(new Dictionary<string, string> { [FirstKeyId] = NewKey() }, FirstKeyId, seed: true);
        return host;
    }

    /// <summary>32 random bytes in base64: a key-encryption key as configuration holds one.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Stops the host and starts it again on the same database with <paramref name="keys"/>, <paramref name="currentKeyId"/> current.</summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string> keys, string currentKeyId)
    {
        await StopAsync();
        await StartAsync(keys, currentKeyId, seed: false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        File.Delete(_file);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, string? key = null, Guid? approval = null, object? body = null, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(JwtBearerDefaults.AuthenticationScheme, token);
        }

        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthenticationDefaults.HeaderName, key);
        }

        if (approval is { } id)
        {
            request.Headers.Add(OperationGateDefaults.ApprovalHeader, id.ToString());
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        else if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A session token for <paramref name="user"/>, in <paramref name="tenant"/> or in none.</summary>
    public async Task<string> SignInAsync(HubUser user, Tenant? tenant) =>
        (await Services.GetRequiredService<ISessionTokens>().IssueAsync(user.Id, tenant)).Token;

    /// <summary>Creates a secret holding <see cref="Value"/> with the session <paramref name="token"/>, checking the answer never holds it.</summary>
    public async Task<Guid> CreateSecretAsync(string token, string name)
    {
        var created = await SendAsync(HttpMethod.Post, "/hub/vault/secrets", token, body: new { name, kind = "password", value = Value, tags = new[] { "infra" } });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        Assert.DoesNotContain(Value, body, StringComparison.Ordinal);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>An API key of Ada's in Acme holding <paramref name="permissions"/>.</summary>
    public async Task<string> CreateKeyAsync(params string[] permissions)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IApiKeyManager>().CreateAsync(Ada.Id, Acme.Id, "job", permissions, DateTimeOffset.UtcNow.AddDays(1))).Secret;
    }

    private async Task StartAsync(IReadOnlyDictionary<string, string> keys, string currentKeyId, bool seed)
    {
        Keys = keys;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddDbContext<MatrixDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IAuditActorSource, HttpAuditActorSource>();
        builder.Services.AddAuthentication().AddMspHubSessions().AddMspHubApiKeys();
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<MatrixDb>()
            .AddPermissions(p => p.Resource("api-keys").Action("generate", sensitive: true))
            .AddOperationGates()
            .AddTenantVault(o =>
            {
                foreach (var (id, key) in keys)
                {
                    o.KeyEncryptionKeys[id] = key;
                }

                o.CurrentKeyId = currentKeyId;
            })
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
            .AddPermissionPolicies()
            .AddJwtSessions(o =>
            {
                o.Issuer = SessionTestHost.Issuer;
                o.Audience = SessionTestHost.Audience;
                o.SigningKeyPem = SessionTestHost.SigningKeyPem;
            }));
        var app = builder.Build();
        _app = app;
        app.UseAuthentication();
        app.UseMspHub();
        app.UseAuthorization();
        // docs: vault.md#http-endpoints
        app.MapMspHub().MapApprovals().MapVault();
        // end docs
        if (seed)
        {
            await SeedAsync();
        }

        await _app.StartAsync();
        Client = _app.GetTestClient();
    }

    private async Task StopAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MatrixDb>().Database.EnsureCreatedAsync();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        foreach (var tenant in new[] { Acme, Globex })
        {
            await tenants.AddAsync(tenant);
        }

        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        foreach (var user in new[] { Ada, Amy, Abe, Gina, Mia, Tom })
        {
            await msp.AddUserAsync(user);
        }

        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        string[] keeper = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage, "approvals.read", "api-keys.generate"];
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Keeper", Permissions = keeper });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Approver", Permissions = ["approvals.approve", "approvals.read"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Viewer", Permissions = [VaultPermissions.View] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Globex.Id, Name = "Keeper", Permissions = keeper });
        await tenantSide.SetMemberAsync(Acme.Id, Ada.Id, ["Keeper"]);
        await tenantSide.SetMemberAsync(Acme.Id, Amy.Id, ["Approver"]);
        await tenantSide.SetMemberAsync(Acme.Id, Abe.Id, ["Viewer"]);
        await tenantSide.SetMemberAsync(Globex.Id, Gina.Id, ["Keeper"]);
    }
}
