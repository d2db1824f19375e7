using System.Net;
using System.Net.Http.Headers;
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

namespace MspHub.AspNetCore.Tests.Audit;

/// <summary>
/// <c>/hub/audit</c>, <c>/hub/audit/verify</c> and <c>/hub/audit/export</c> on SQLite, signed in with session tokens and
/// API keys: each caller reads exactly the chains the log lets them read, and every refusal is ProblemDetails.
/// Ada is Acme's admin (with <c>audit.view</c>) and its sites', Abe an Acme agent without it, Tess a technician granted
/// <c>audit.view</c> in Acme, Ted one granted only <c>automs.view</c>, Mia an MSP admin.
/// </summary>
public sealed class AuditEndpointsShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly Tenant AcmeLeeds = Tenant.Create("acme-leeds", "Acme Leeds", parentId: Acme.Id);
    private static readonly HubUser Ada = HubUser.Create("ada");
    private static readonly HubUser Abe = HubUser.Create("abe");
    private static readonly HubUser Tess = HubUser.Create("tess", SystemRole.Technician);
    private static readonly HubUser Ted = HubUser.Create("ted", SystemRole.Technician);
    private static readonly HubUser Mia = HubUser.Create("mia", SystemRole.MspAdmin);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-audit-http-{Guid.NewGuid():N}.db");
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
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)
                .Resource("audit").Action("view")
                .Resource("api-keys").Action("generate", sensitive: true))
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
            .AddPermissionPolicies()
            .AddJwtSessions(o =>
            {
                o.Issuer = SessionTestHost.Issuer;
                o.Audience = SessionTestHost.Audience;
                o.SigningKeyPem = SessionTestHost.SigningKeyPem;
            }));
        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseMspHub();
        _app.UseAuthorization();
        _app.MapMspHub();
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
    public async Task Let_a_tenant_admin_page_their_tenants_chain_newest_first_with_filters()
    {
        var token = await SignInAsync(Ada, Acme);

        var all = await ReadPageAsync(await GetAsync("/hub/audit", token));
        var first = await ReadPageAsync(await GetAsync($"/hub/audit?action={AuditActions.MemberSet}&pageSize=1", token));
        var next = first.GetProperty("nextBeforeSequence").GetInt64();
        var second = await ReadPageAsync(await GetAsync($"/hub/audit?action={AuditActions.MemberSet}&pageSize=1&before={next}", token));
        var byTarget = await ReadPageAsync(await GetAsync($"/hub/audit?targetType=user&targetId={Abe.Id}&action={AuditActions.MemberSet}", token));
        var future = await ReadPageAsync(await GetAsync($"/hub/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}", token));

        var sequences = Items(all).Select(r => r.GetProperty("sequence").GetInt64()).ToList();
        Assert.NotEmpty(sequences);
        Assert.Equal(sequences.OrderDescending(), sequences);
        Assert.All(Items(all), r => Assert.Equal(Acme.Id, r.GetProperty("tenantId").GetGuid()));
        Assert.Equal("Succeeded", Items(all)[0].GetProperty("outcome").GetString());
        var newest = Assert.Single(Items(first));
        Assert.Equal(newest.GetProperty("sequence").GetInt64(), next);
        Assert.True(Assert.Single(Items(second)).GetProperty("sequence").GetInt64() < next);
        Assert.Equal(Abe.Id.ToString(), Assert.Single(Items(byTarget)).GetProperty("targetId").GetString());
        Assert.Empty(Items(future));
    }

    [Theory]
    [InlineData("?chain=msp")]
    [InlineData("?tenant={globex}")]
    public async Task Refuse_a_tenant_admin_another_chain(string query)
    {
        var response = await GetAsync("/hub/audit" + query.Replace("{globex}", Globex.Id.ToString(), StringComparison.Ordinal), await SignInAsync(Ada, Acme));

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.PermissionRequired);
    }

    [Fact]
    public async Task Refuse_a_member_without_the_audit_permission()
    {
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit", await SignInAsync(Abe, Acme)), MspHubProblemTypes.PermissionRequired);
    }

    [Fact]
    public async Task Let_a_technician_read_where_a_grant_gives_the_audit_permission_and_nowhere_else()
    {
        var granted = await GetAsync("/hub/audit", await SignInAsync(Tess, Acme));
        var notGranted = await GetAsync("/hub/audit", await SignInAsync(Ted, Acme));

        Assert.All(Items(await ReadPageAsync(granted)), r => Assert.Equal(Acme.Id, r.GetProperty("tenantId").GetGuid()));
        await ProblemAssert.IsAsync(notGranted, MspHubProblemTypes.PermissionRequired);
    }

    [Fact]
    public async Task Let_an_api_key_holding_the_audit_permission_read_and_verify_only_its_tenants_chain()
    {
        var reader = await CreateKeyAsync("audit.view");
        var other = await CreateKeyAsync("automs.view");

        var own = await ReadPageAsync(await GetAsync("/hub/audit", key: reader.Secret));
        var verified = await GetAsync("/hub/audit/verify", key: reader.Secret);

        Assert.All(Items(own), r => Assert.Equal(Acme.Id, r.GetProperty("tenantId").GetGuid()));
        Assert.Contains(Items(own), r => r.GetProperty("action").GetString() == AuditActions.ApiKeyCreated);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.True(JsonDocument.Parse(await verified.Content.ReadAsStringAsync()).RootElement.GetProperty("isIntact").GetBoolean());
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit", key: other.Secret), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit/export", key: other.Secret), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit?chain=msp", key: reader.Secret), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await GetAsync($"/hub/audit?tenant={Globex.Id}", key: reader.Secret), MspHubProblemTypes.PermissionRequired);
    }

    [Fact]
    public async Task Let_an_msp_admin_read_and_verify_the_msp_chain_and_any_tenants()
    {
        var token = await SignInAsync(Mia);

        var msp = await ReadPageAsync(await GetAsync("/hub/audit?chain=msp", token));
        var globex = await ReadPageAsync(await GetAsync($"/hub/audit?tenant={Globex.Id}", token));
        var verified = await GetAsync("/hub/audit/verify?chain=msp", token);

        Assert.Contains(Items(msp), r => r.GetProperty("action").GetString() == AuditActions.UserAdded);
        Assert.All(Items(msp), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("tenantId").ValueKind));
        Assert.All(Items(globex), r => Assert.Equal(Globex.Id, r.GetProperty("tenantId").GetGuid()));
        using var verification = JsonDocument.Parse(await verified.Content.ReadAsStringAsync());
        Assert.Equal("None", verification.RootElement.GetProperty("problem").GetString());
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit", token), MspHubProblemTypes.TenantRequired);
    }

    [Fact]
    public async Task Verify_a_range_by_sequence_or_time_for_a_reader_of_the_chain_only()
    {
        var token = await SignInAsync(Ada, Acme);

        using var whole = JsonDocument.Parse(await (await GetAsync("/hub/audit/verify", token)).Content.ReadAsStringAsync());
        using var bySequence = JsonDocument.Parse(await (await GetAsync("/hub/audit/verify?fromSequence=2&toSequence=3", token)).Content.ReadAsStringAsync());
        using var byTime = JsonDocument.Parse(await (await GetAsync("/hub/audit/verify?from=2000-01-01T00:00:00Z", token)).Content.ReadAsStringAsync());
        using var none = JsonDocument.Parse(await (await GetAsync("/hub/audit/verify?from=2999-01-01T00:00:00Z", token)).Content.ReadAsStringAsync());

        var records = whole.RootElement.GetProperty("recordsChecked").GetInt64();
        Assert.True(records >= 3, $"Acme's chain holds {records} records.");
        Assert.Equal(("None", 2L), (bySequence.RootElement.GetProperty("problem").GetString(), bySequence.RootElement.GetProperty("recordsChecked").GetInt64()));
        Assert.Equal(("None", records), (byTime.RootElement.GetProperty("problem").GetString(), byTime.RootElement.GetProperty("recordsChecked").GetInt64()));
        Assert.Equal(("None", 0L), (none.RootElement.GetProperty("problem").GetString(), none.RootElement.GetProperty("recordsChecked").GetInt64()));
        await ProblemAssert.IsAsync(await GetAsync($"/hub/audit/verify?fromSequence={records + 1}", token), MspHubProblemTypes.InvalidRequest);
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit/verify?fromSequence=2&toSequence=3", await SignInAsync(Abe, Acme)), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await GetAsync($"/hub/audit/verify?tenant={Globex.Id}&fromSequence=1", token), MspHubProblemTypes.PermissionRequired);
    }

    [Theory]
    [InlineData("/hub/audit?pageSize=0")]
    [InlineData("/hub/audit?pageSize=201")]
    [InlineData("/hub/audit?pageSize=ten")]
    [InlineData("/hub/audit?before=-1")]
    [InlineData("/hub/audit?actor=someone")]
    [InlineData("/hub/audit?from=yesterday")]
    [InlineData("/hub/audit?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")]
    [InlineData("/hub/audit?chain=acme")]
    [InlineData("/hub/audit?tenant=acme")]
    [InlineData("/hub/audit?chain=msp&tenant=00000000-0000-0000-0000-000000000001")]
    [InlineData("/hub/audit/verify?fromSequence=0")]
    [InlineData("/hub/audit/verify?fromSequence=99999")]
    [InlineData("/hub/audit/verify?toSequence=two")]
    [InlineData("/hub/audit/verify?fromSequence=3&toSequence=2")]
    [InlineData("/hub/audit/verify?fromSequence=1&from=2026-11-01T00:00:00Z")]
    [InlineData("/hub/audit/verify?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")]
    [InlineData("/hub/audit/verify?to=tomorrow")]
    [InlineData("/hub/audit/export?format=csv")]
    [InlineData("/hub/audit/export?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")]
    [InlineData("/hub/audit?action=audit.exported&action=gate.notified")]
    [InlineData("/hub/audit?pageSize=10&pageSize=20")]
    [InlineData("/hub/audit?tenant=00000000-0000-0000-0000-000000000000")]
    [InlineData("/hub/audit/export?tenant=00000000-0000-0000-0000-000000000000")]
    public async Task Answer_bad_filters_with_400(string path)
    {
        await ProblemAssert.IsAsync(await GetAsync(path, await SignInAsync(Ada, Acme)), MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Page_a_subtree_search_over_the_root_and_its_site_with_the_next_position()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            foreach (var tenant in new[] { Acme, AcmeLeeds, Globex, AcmeLeeds })
            {
                await log.RecordAsync(new AuditEntry("sample.subtree.thing", tenant.Id) { TargetType = "tenant", TargetId = tenant.Slug });
            }
        }

        var token = await SignInAsync(Ada, Acme);
        var path = $"/hub/audit?subtree={Acme.Id}&action=sample.subtree.thing&pageSize=2";
        var first = await ReadPageAsync(await GetAsync(path, token));
        var next = first.GetProperty("next").GetString();
        var second = await ReadPageAsync(await GetAsync($"{path}&after={Uri.EscapeDataString(next!)}", token));
        var byMia = await ReadPageAsync(await GetAsync($"/hub/audit?subtree={Acme.Id}&action=sample.subtree.thing", await SignInAsync(Mia)));

        Assert.Equal(["acme-leeds", "acme-leeds", "acme"], Items(first).Concat(Items(second)).Select(r => r.GetProperty("targetId").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(3, Items(byMia).Count);

        // Tess holds audit.view in Acme alone: the search over Acme's subtree leaves its site out.
        var byTess = await ReadPageAsync(await GetAsync($"/hub/audit?subtree={Acme.Id}&action=sample.subtree.thing", await SignInAsync(Tess, Acme)));
        Assert.Equal(["acme"], Items(byTess).Select(r => r.GetProperty("targetId").GetString()));

        // A grant in the site without audit.view lets her into the site, not into its log.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(Tess.Id, AcmeLeeds.Id, ["automs.view"]);
        }

        var byTessInTheSite = await ReadPageAsync(await GetAsync($"/hub/audit?subtree={Acme.Id}&action=sample.subtree.thing", await SignInAsync(Tess, Acme)));
        Assert.Equal(["acme"], Items(byTessInTheSite).Select(r => r.GetProperty("targetId").GetString()));
    }

    [Fact]
    public async Task Refuse_a_subtree_search_over_another_branch_without_the_audit_permission_or_by_api_key()
    {
        var reader = await CreateKeyAsync("audit.view");

        await ProblemAssert.IsAsync(await GetAsync($"/hub/audit?subtree={Globex.Id}", await SignInAsync(Ada, Acme)), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await GetAsync($"/hub/audit?subtree={Acme.Id}", await SignInAsync(Abe, Acme)), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await GetAsync($"/hub/audit?subtree={Acme.Id}", key: reader.Secret), MspHubProblemTypes.PermissionRequired);
    }

    [Theory]
    [InlineData("?subtree=acme")]
    [InlineData("?subtree={acme}&before=3")]
    [InlineData("?subtree={acme}&chain=msp")]
    [InlineData("?subtree={acme}&tenant={acme}")]
    [InlineData("?subtree={acme}&after=yesterday")]
    [InlineData("?subtree={acme}&pageSize=201")]
    [InlineData("?subtree={acme}&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")]
    [InlineData("?after=638000000000000000.00000000000000000000000000000001.1")]
    public async Task Answer_a_bad_subtree_search_with_400(string query)
    {
        var path = "/hub/audit" + query.Replace("{acme}", Acme.Id.ToString(), StringComparison.Ordinal);

        await ProblemAssert.IsAsync(await GetAsync(path, await SignInAsync(Ada, Acme)), MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Answer_an_unauthenticated_caller_with_401()
    {
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit", token: null), MspHubProblemTypes.AuthenticationRequired);
    }

    [Fact]
    public async Task Stream_a_json_lines_export_that_verifies_offline_and_record_the_key_that_took_it()
    {
        var reader = await CreateKeyAsync("audit.view");
        var admin = await SignInAsync(Ada, Acme);

        var response = await GetAsync("/hub/audit/export?format=jsonl", key: reader.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var check = await AuditExportVerifier.VerifyAsync(body, []);
        Assert.True(check.IsIntact, check.Message);
        Assert.True(check.RecordsChecked > 0);
        var newest = Items(await ReadPageAsync(await GetAsync("/hub/audit?pageSize=1", admin)))[0];
        Assert.Equal(AuditActions.AuditExported, newest.GetProperty("action").GetString());
        Assert.Equal(("ApiKey", reader.Key.Id), (newest.GetProperty("actor").GetProperty("kind").GetString(), newest.GetProperty("actor").GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Export_oscal_as_json()
    {
        var response = await GetAsync("/hub/audit/export?format=oscal", await SignInAsync(Ada, Acme));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEmpty(document.RootElement.GetProperty("assessment-results").GetProperty("results")[0].GetProperty("observations").EnumerateArray());
    }

    [Fact]
    public async Task Refuse_a_forged_tenant_header_as_elsewhere()
    {
        var reader = await CreateKeyAsync("audit.view");

        await ProblemAssert.IsAsync(await GetAsync("/hub/audit", await SignInAsync(Ada, Acme), tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit", key: reader.Secret, tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);
        await ProblemAssert.IsAsync(await GetAsync("/hub/audit/export", await SignInAsync(Abe, Acme), tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private static async Task<JsonElement> ReadPageAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private Task<HttpResponseMessage> GetAsync(string path, string? token = null, string? key = null, string? tenantHeader = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(JwtBearerDefaults.AuthenticationScheme, token);
        }

        if (key is not null)
        {
            request.Headers.Add(ApiKeyAuthenticationDefaults.HeaderName, key);
        }

        if (tenantHeader is not null)
        {
            request.Headers.Add("X-Tenant", tenantHeader);
        }

        return _client.SendAsync(request);
    }

    private async Task<string> SignInAsync(HubUser user, Tenant? tenant = null) =>
        (await _app.Services.GetRequiredService<ISessionTokens>().IssueAsync(user.Id, tenant)).Token;

    private async Task<CreatedApiKey> CreateKeyAsync(params string[] permissions)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IApiKeyManager>().CreateAsync(Ada.Id, Acme.Id, "audit export job", permissions, DateTimeOffset.UtcNow.AddDays(30));
    }

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MatrixDb>().Database.EnsureCreatedAsync();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        await tenants.AddAsync(Acme);
        await tenants.AddAsync(Globex);
        await tenants.AddAsync(AcmeLeeds);
        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        foreach (var user in new[] { Ada, Abe, Tess, Ted, Mia })
        {
            await msp.AddUserAsync(user);
        }

        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Admin", Permissions = ["automs.view", "audit.view", "api-keys.generate"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Agent", Permissions = ["automs.view"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = Globex.Id, Name = "Agent", Permissions = ["automs.view"] });
        await tenantSide.SetMemberAsync(Acme.Id, Ada.Id, ["Admin"], includesDescendants: true);
        await tenantSide.SetMemberAsync(Acme.Id, Abe.Id, ["Agent"]);
        await msp.GrantAsync(Tess.Id, Acme.Id, ["audit.view"]);
        await msp.GrantAsync(Ted.Id, Acme.Id, ["automs.view"]);
    }
}
