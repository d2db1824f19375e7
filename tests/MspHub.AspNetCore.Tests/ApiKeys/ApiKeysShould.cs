using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;

namespace MspHub.AspNetCore.Tests.ApiKeys;

/// <summary>Per-tenant API keys (seed 004) end to end: created once, authenticated by the scheme, bound to one tenant and its permissions.</summary>
public sealed class ApiKeysShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly HubUser Admin = HubUser.Create("acme-admin");
    private static readonly HubUser Agent = HubUser.Create("acme-agent");
    private static readonly HubUser Tom = HubUser.Create("tom", SystemRole.Technician);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(90);
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication(ApiKeyAuthenticationDefaults.AuthenticationScheme).AddMspHubApiKeys();
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddMspHub(hub => hub
            .Configure(o => o.ApiKeyMaxLifetime = MaxLifetime)
            .AddInMemoryTenantStore(Acme, Globex)
            .AddInMemoryAccessStore()
            .AddInMemoryApiKeyStore()
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)
                .Resource("api-keys").Action("generate", sensitive: true))
            .ResolveTenantFrom(r => r.Header("X-Tenant").Route("tenant").Claim())
            .AddPermissionPolicies());
        _app = builder.Build();
        await SeedAsync(_app.Services);
        _app.UseAuthentication();
        _app.UseMspHub();
        _app.UseAuthorization();
        _app.MapGet("/automs", (HttpContext http) => http.GetTenant()!.Slug).RequirePermission("automs", PermissionActions.View);
        _app.MapDelete("/automs", () => Results.NoContent()).RequirePermission("automs", PermissionActions.Delete);
        _app.MapGet("/t/{tenant}/automs", (HttpContext http) => http.GetTenant()!.Slug).RequirePermission("automs", PermissionActions.View);
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<InMemoryAccessStore>();
        foreach (var user in new[] { Admin, Agent, Tom })
        {
            await store.AddUserAsync(user);
        }

        using var scope = services.CreateScope();
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Admin", Permissions = ["automs.view", "automs.delete", "api-keys.generate"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Agent", Permissions = ["automs.view"] });
        await tenantSide.SetMemberAsync(Acme.Id, Admin.Id, ["Admin"]);
        await tenantSide.SetMemberAsync(Acme.Id, Agent.Id, ["Agent"]);
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(Tom.Id, Acme.Id, ["automs.view", "automs.delete"]);
    }

    private Task<CreatedApiKey> CreateAsync(HubUser creator, params string[] permissions) =>
        CreateExpiringAsync(creator, _clock.GetUtcNow().AddDays(30), permissions);

    private async Task<CreatedApiKey> CreateExpiringAsync(HubUser creator, DateTimeOffset expiresAt, params string[] permissions)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IApiKeyManager>().CreateAsync(creator.Id, Acme.Id, "backup job", permissions, expiresAt);
    }

    private async Task ChangeAccessAsync(Func<IServiceProvider, Task> change)
    {
        using var scope = _app.Services.CreateScope();
        await change(scope.ServiceProvider);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string? key, string? tenantHeader = null, bool asAuthorization = false, string path = "/automs")
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null && asAuthorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"ApiKey {key}");
        }
        else if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthenticationDefaults.HeaderName, key);
        }

        if (tenantHeader is not null)
        {
            request.Headers.Add("X-Tenant", tenantHeader);
        }

        return _client.SendAsync(request);
    }

    [Fact]
    public async Task Show_32_random_bytes_once_and_store_only_their_hash()
    {
        var created = await CreateAsync(Admin, "automs.view");

        Assert.Matches("^mhk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", created.Secret);
        var secret = System.Buffers.Text.Base64Url.DecodeFromChars(created.Secret.AsSpan(17));
        Assert.Equal(32, secret.Length);
        Assert.Equal(SHA256.HashData(secret), created.Key.SecretHash);
        var stored = await _app.Services.GetRequiredService<InMemoryApiKeyStore>().FindByPrefixAsync(created.Key.Prefix);
        Assert.Equal(created.Key, stored);
        Assert.DoesNotContain(created.Secret[17..], stored!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_the_key_and_act_in_its_tenant_with_its_permissions()
    {
        var created = await CreateAsync(Admin, "automs.view");

        var viaHeader = await SendAsync(HttpMethod.Get, created.Secret);
        var viaAuthorization = await SendAsync(HttpMethod.Get, created.Secret, asAuthorization: true);
        var beyond = await SendAsync(HttpMethod.Delete, created.Secret);

        Assert.Equal("acme", await viaHeader.Content.ReadAsStringAsync());
        Assert.Equal("acme", await viaAuthorization.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
        Assert.Equal("automs.delete", (await beyond.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["permission"]?.ToString());
    }

    [Fact]
    public async Task Refuse_another_tenant_named_alongside_the_key()
    {
        var created = await CreateAsync(Admin, "automs.view");

        var response = await SendAsync(HttpMethod.Get, created.Secret, tenantHeader: "globex");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Tenant not available", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
    }

    [Fact]
    public async Task Refuse_a_revoked_key_from_the_next_request()
    {
        var created = await CreateAsync(Admin, "automs.view");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);

        using (var scope = _app.Services.CreateScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<IApiKeyManager>();
            Assert.False(await keys.RevokeAsync(Globex.Id, created.Key.Id));
            Assert.True(await keys.RevokeAsync(Acme.Id, created.Key.Id));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);
    }

    // Code running in one tenant (a request's handler) creates and revokes keys there only, as the access managers act.
    [Fact]
    public async Task Refuse_to_create_or_revoke_another_tenants_key_inside_a_tenant_scope()
    {
        var created = await CreateAsync(Admin, "automs.view");
        using (var scope = _app.Services.CreateScope())
        using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginScope(Globex))
        {
            var keys = scope.ServiceProvider.GetRequiredService<IApiKeyManager>();
            await Assert.ThrowsAsync<TenantIsolationException>(() => keys.RevokeAsync(Acme.Id, created.Key.Id));
            await Assert.ThrowsAsync<TenantIsolationException>(
                () => keys.CreateAsync(Admin.Id, Acme.Id, "planted", ["automs.view"], _clock.GetUtcNow().AddDays(1)));
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);
    }

    // A live key next to another value: which one acts must not depend on the order of the headers.
    [Fact]
    public async Task Refuse_a_request_that_presents_more_than_one_key()
    {
        var created = await CreateAsync(Admin, "automs.view");
        var twice = new HttpRequestMessage(HttpMethod.Get, "/automs");
        twice.Headers.Add(ApiKeyAuthenticationDefaults.HeaderName, [created.Secret, "junk"]);
        var both = new HttpRequestMessage(HttpMethod.Get, "/automs");
        both.Headers.Add(ApiKeyAuthenticationDefaults.HeaderName, created.Secret);
        both.Headers.TryAddWithoutValidation("Authorization", "ApiKey junk");
        var twoAuthorizations = new HttpRequestMessage(HttpMethod.Get, "/automs");
        twoAuthorizations.Headers.TryAddWithoutValidation("Authorization", [$"ApiKey {created.Secret}", "ApiKey junk"]);

        foreach (var request in new[] { twice, both, twoAuthorizations })
        {
            var refused = await _client.SendAsync(request);
            await ProblemAssert.IsAsync(refused, MspHubProblemTypes.ApiKeyRefused);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);
    }

    [Theory]
    [InlineData("wrong secret")]
    [InlineData("unknown prefix")]
    [InlineData("truncated")]
    [InlineData("not a key")]
    public async Task Refuse_keys_that_are_not_exactly_a_live_one(string forgery)
    {
        var created = await CreateAsync(Admin, "automs.view");
        var secret = created.Secret;
        var forged = forgery switch
        {
            "wrong secret" => secret[..^4] + (secret[^4..] == "AAAA" ? "BBBB" : "AAAA"),
            "unknown prefix" => "mhk_000000000000" + secret[16..],
            "truncated" => secret[..^1],
            _ => "hello",
        };

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, forged)).StatusCode);
    }

    [Fact]
    public async Task Let_only_holders_of_the_sensitive_permission_create_keys_never_technicians()
    {
        var tech = await Assert.ThrowsAsync<AccessRuleException>(() => CreateAsync(Tom, "automs.view"));
        var agent = await Assert.ThrowsAsync<AccessRuleException>(() => CreateAsync(Agent, "automs.view"));

        Assert.Contains("api-keys.generate", tech.Message, StringComparison.Ordinal);
        Assert.Contains("api-keys.generate", agent.Message, StringComparison.Ordinal);
        Assert.Empty(await _app.Services.GetRequiredService<InMemoryApiKeyStore>().ListAsync(Acme.Id));
    }

    [Theory]
    [InlineData("api-keys.generate")]
    [InlineData("automs.create")]
    public async Task Refuse_a_key_holding_more_than_its_creator_may_give(string permission)
    {
        await Assert.ThrowsAsync<AccessRuleException>(() => CreateAsync(Admin, "automs.view", permission));

        Assert.Empty(await _app.Services.GetRequiredService<InMemoryApiKeyStore>().ListAsync(Acme.Id));
    }

    [Fact]
    public async Task Refuse_a_key_routed_to_another_tenant()
    {
        var created = await CreateAsync(Admin, "automs.view");

        var foreign = await SendAsync(HttpMethod.Get, created.Secret, path: "/t/globex/automs");
        var own = await SendAsync(HttpMethod.Get, created.Secret, path: "/t/acme/automs");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("acme", await own.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Refuse_an_expired_key_with_problem_details()
    {
        var created = await CreateExpiringAsync(Admin, _clock.GetUtcNow().AddDays(1), "automs.view");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);

        _clock.Advance(TimeSpan.FromDays(1));
        var response = await SendAsync(HttpMethod.Get, created.Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(MspHubProblemTypes.ApiKeyRefused.Type, problem!.Type);
        Assert.Equal("The API key has expired; create a new one.", problem.Detail);

        // Recorded in the key's tenant, as the key, refused; never with its secret.
        await using var scope = _app.Services.CreateAsyncScope();
        var records = new List<AuditRecord>();
        await foreach (var record in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAsync(Acme.Id, 1, null))
        {
            records.Add(record);
        }

        var expired = Assert.Single(records, r => r.Action == AuditActions.ApiKeyExpired);
        Assert.Equal((AuditActor.ApiKey(created.Key.Id), AuditOutcome.Refused, created.Key.Id.ToString()), (expired.Actor, expired.Outcome, expired.TargetId));
        Assert.DoesNotContain(records, r => r.Detail.Values.Any(v => v.Contains(created.Secret, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(90 * 24 * 60 + 1)]
    public async Task Require_an_expiry_after_now_and_within_the_maximum_lifetime(int minutesFromNow)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            CreateExpiringAsync(Admin, _clock.GetUtcNow().AddMinutes(minutesFromNow), "automs.view"));

        Assert.Contains("MspHub:ApiKeyMaxLifetime (90.00:00:00)", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _app.Services.GetRequiredService<InMemoryApiKeyStore>().ListAsync(Acme.Id));
    }

    [Fact]
    public async Task Accept_an_expiry_at_exactly_the_maximum_lifetime_and_list_it()
    {
        var created = await CreateExpiringAsync(Admin, _clock.GetUtcNow() + MaxLifetime, "automs.view");

        var listed = Assert.Single(await _app.Services.GetRequiredService<InMemoryApiKeyStore>().ListAsync(Acme.Id));
        Assert.Equal(_clock.GetUtcNow() + MaxLifetime, listed.ExpiresAt);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);
    }

    [Theory]
    [InlineData("removed from the tenant")]
    [InlineData("deactivated")]
    [InlineData("demoted")]
    [InlineData("role lost the key permission")]
    public async Task Stop_a_key_once_its_creator_loses_access(string change)
    {
        var created = await CreateAsync(Admin, "automs.view");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);

        await ChangeAccessAsync(services => change switch
        {
            "removed from the tenant" => services.GetRequiredService<ITenantAccessManager>().RemoveMemberAsync(Acme.Id, Admin.Id),
            "deactivated" => services.GetRequiredService<IMspAccessManager>().SetActiveAsync(Admin.Id, false),
            "demoted" => services.GetRequiredService<ITenantAccessManager>().SetMemberAsync(Acme.Id, Admin.Id, ["Agent"]),
            _ => services.GetRequiredService<ITenantAccessManager>().SaveRoleAsync(
                new TenantRole { TenantId = Acme.Id, Name = "Admin", Permissions = ["automs.view", "automs.delete"] }),
        });
        var response = await SendAsync(HttpMethod.Get, created.Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(MspHubProblemTypes.ApiKeyRefused.Type, problem!.Type);
        Assert.Contains("creator may no longer create keys", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hold_only_what_its_creator_still_holds()
    {
        var created = await CreateAsync(Admin, "automs.view", "automs.delete");
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, created.Secret)).StatusCode);

        await ChangeAccessAsync(services => services.GetRequiredService<ITenantAccessManager>().SaveRoleAsync(
            new TenantRole { TenantId = Acme.Id, Name = "Admin", Permissions = ["automs.view", "api-keys.generate"] }));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, created.Secret)).StatusCode);
        var beyond = await SendAsync(HttpMethod.Delete, created.Secret);
        Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);
        Assert.Equal("automs.delete", (await beyond.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["permission"]?.ToString());
    }
}
