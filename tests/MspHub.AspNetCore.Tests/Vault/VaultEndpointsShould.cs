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
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.Owasp;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Vault;

/// <summary>
/// The vault over HTTP on SQLite, with operation gates on (reveal is L2): Ada keeps Acme's vault, Amy approves there,
/// Abe may only view it, Gina keeps Globex's. Every refusal is ProblemDetails, and no refusal holds the value.
/// </summary>
public sealed class VaultEndpointsShould : IAsyncLifetime
{
    private const string Value = "hunter2-correct-horse-battery-staple";
    private static readonly HubUser Ada = HubUser.Create("ada");
    private static readonly HubUser Amy = HubUser.Create("amy");
    private static readonly HubUser Abe = HubUser.Create("abe");
    private static readonly HubUser Gina = HubUser.Create("gina");
    private readonly Tenant _acme = Tenant.Create("acme", "Acme");
    private readonly Tenant _globex = Tenant.Create("globex", "Globex");
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-vault-http-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddDbContext<MatrixDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        builder.Services.AddAuthentication().AddMspHubSessions().AddMspHubApiKeys();
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<MatrixDb>()
            .AddPermissions(p => p.Resource("api-keys").Action("generate", sensitive: true))
            .AddOperationGates()
            .AddTenantVault(o =>
            {
                o.KeyEncryptionKeys["kek-1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                o.CurrentKeyId = "kek-1";
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
        await SeedAsync();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task Create_list_rotate_and_reveal_after_approval_with_no_store_then_delete()
    {
        var ada = await SignInAsync(Ada, _acme);
        var id = await CreateAsync(ada, "backup-admin");

        var listed = await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/vault/secrets", ada));
        var rotated = await ReadAsync(await SendAsync(HttpMethod.Put, $"/hub/vault/secrets/{id}/value", ada, body: new { value = "rotated-value" }));
        var asked = await SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal?version=1", ada);
        var requestId = ((JsonElement)(await ProblemAssert.IsAsync(asked, MspHubProblemTypes.ApprovalRequired)).Extensions["requestId"]!).GetGuid();
        Assert.Equal($"/hub/approvals/{requestId}", asked.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", await SignInAsync(Amy, _acme))).StatusCode);
        var revealed = await SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal?version=1", ada, approval: requestId);
        var again = await SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal?version=1", ada, approval: requestId);

        var secret = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("backup-admin", 1), (secret.GetProperty("name").GetString(), secret.GetProperty("currentVersion").GetInt32()));
        Assert.DoesNotContain(Value, listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(2, rotated.GetProperty("currentVersion").GetInt32());
        Assert.True(revealed.Headers.CacheControl?.NoStore, "a revealed value must not be stored by any cache");
        var body = await ReadAsync(revealed);
        Assert.Equal((id, 1, Value), (body.GetProperty("id").GetGuid(), body.GetProperty("version").GetInt32(), body.GetProperty("value").GetString()));
        await ProblemAssert.IsAsync(again, MspHubProblemTypes.OperationRefused);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/hub/vault/secrets/{id}", ada)).StatusCode);
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Delete, $"/hub/vault/secrets/{id}", ada), MspHubProblemTypes.NotFound);
    }

    [Fact]
    public async Task Refuse_another_tenants_secret_a_caller_without_the_permission_and_an_api_key_without_reveal()
    {
        var id = await CreateAsync(await SignInAsync(Ada, _acme), "backup-admin");
        var gina = await SignInAsync(Gina, _globex);
        var abe = await SignInAsync(Abe, _acme);
        var viewer = await CreateKeyAsync(VaultPermissions.View);

        var refusals = new[]
        {
            (await SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal", gina), MspHubProblemTypes.NotFound),
            (await SendAsync(HttpMethod.Put, $"/hub/vault/secrets/{id}/value", gina, body: new { value = "stolen" }), MspHubProblemTypes.NotFound),
            (await SendAsync(HttpMethod.Delete, $"/hub/vault/secrets/{id}", gina), MspHubProblemTypes.NotFound),
            (await SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal", abe), MspHubProblemTypes.PermissionRequired),
            (await SendAsync(HttpMethod.Post, "/hub/vault/secrets", abe, body: new { name = "mine", kind = "password", value = Value }), MspHubProblemTypes.PermissionRequired),
            (await SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal", key: viewer), MspHubProblemTypes.PermissionRequired),
            (await SendAsync(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal"), MspHubProblemTypes.AuthenticationRequired),
        };

        foreach (var (response, type) in refusals)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Value, text, StringComparison.Ordinal);
            await ProblemAssert.IsAsync(response, type);
        }

        Assert.Empty((await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/vault/secrets", gina))).EnumerateArray());
        Assert.Single((await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/vault/secrets", key: viewer))).EnumerateArray());
    }

    [Theory]
    [InlineData("POST", "/hub/vault/secrets", "{\"name\":\"x\",\"kind\":\"password\"}")]
    [InlineData("POST", "/hub/vault/secrets", "{\"name\":\"x\",\"kind\":\"password\",\"value\":\"\"}")]
    [InlineData("POST", "/hub/vault/secrets", "not json")]
    [InlineData("PUT", "/hub/vault/secrets/not-an-id/value", "{\"value\":\"v\"}")]
    [InlineData("POST", "/hub/vault/secrets/not-an-id/reveal", null)]
    [InlineData("POST", "/hub/vault/secrets/00000000-0000-0000-0000-000000000001/reveal?version=0", null)]
    [InlineData("DELETE", "/hub/vault/secrets/not-an-id", null)]
    public async Task Answer_bad_input_with_400(string method, string path, string? json)
    {
        var response = await SendAsync(new HttpMethod(method), path, await SignInAsync(Ada, _acme), json: json);

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Refuse_a_body_that_is_not_json_and_a_malformed_approval_header()
    {
        var ada = await SignInAsync(Ada, _acme);
        var id = await CreateAsync(ada, "backup-admin");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/hub/vault/secrets/{id}/reveal") { Headers = { Authorization = new AuthenticationHeaderValue(JwtBearerDefaults.AuthenticationScheme, ada) } };
        request.Headers.Add(OperationGateDefaults.ApprovalHeader, "not-an-id");

        await ProblemAssert.IsAsync(await _client.SendAsync(request), MspHubProblemTypes.InvalidRequest);
        var plain = new HttpRequestMessage(HttpMethod.Post, "/hub/vault/secrets") { Content = new StringContent(Value, Encoding.UTF8, "text/plain") };
        plain.Headers.Authorization = new AuthenticationHeaderValue(JwtBearerDefaults.AuthenticationScheme, ada);
        var refused = await _client.SendAsync(plain);
        Assert.DoesNotContain(Value, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.UnsupportedMediaType);
    }

    private async Task<Guid> CreateAsync(string token, string name)
    {
        var created = await SendAsync(HttpMethod.Post, "/hub/vault/secrets", token, body: new { name, kind = "password", value = Value, tags = new[] { "infra" } });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        Assert.DoesNotContain(Value, body, StringComparison.Ordinal);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, string? key = null, Guid? approval = null, object? body = null, string? json = null)
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

        return _client.SendAsync(request);
    }

    private async Task<string> SignInAsync(HubUser user, Tenant tenant) =>
        (await _app.Services.GetRequiredService<ISessionTokens>().IssueAsync(user.Id, tenant)).Token;

    private async Task<string> CreateKeyAsync(params string[] permissions)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IApiKeyManager>().CreateAsync(Ada.Id, _acme.Id, "job", permissions, DateTimeOffset.UtcNow.AddDays(1))).Secret;
    }

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MatrixDb>().Database.EnsureCreatedAsync();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        foreach (var tenant in new[] { _acme, _globex })
        {
            await tenants.AddAsync(tenant);
        }

        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        foreach (var user in new[] { Ada, Amy, Abe, Gina })
        {
            await msp.AddUserAsync(user);
        }

        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        string[] keeper = [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage, "approvals.read", "api-keys.generate"];
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _acme.Id, Name = "Keeper", Permissions = keeper });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _acme.Id, Name = "Approver", Permissions = ["approvals.approve", "approvals.read"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _acme.Id, Name = "Viewer", Permissions = [VaultPermissions.View] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _globex.Id, Name = "Keeper", Permissions = keeper });
        await tenantSide.SetMemberAsync(_acme.Id, Ada.Id, ["Keeper"]);
        await tenantSide.SetMemberAsync(_acme.Id, Amy.Id, ["Approver"]);
        await tenantSide.SetMemberAsync(_acme.Id, Abe.Id, ["Viewer"]);
        await tenantSide.SetMemberAsync(_globex.Id, Gina.Id, ["Keeper"]);
    }
}
