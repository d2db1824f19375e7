using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
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
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.OperationGates;

/// <summary>
/// Operation gates attacked over HTTP, on SQLite or PostgreSQL: a host whose tenant delete is L2, API-key creation L2
/// in Acme only (L1 elsewhere), licence activation L3, and MspHub's audit export L1. Ada is an MSP admin and Acme's admin, and asks (and a Globex agent);
/// Amy and Ann approve in Acme; Abe is an Acme agent without the approve permission; Gina approves in Globex only.
/// </summary>
public abstract class OperationGatesHttpSuite(bool postgres) : IAsyncLifetime
{
    private static readonly HubUser Ada = HubUser.Create("ada");
    private static readonly HubUser Amy = HubUser.Create("amy");
    private static readonly HubUser Ann = HubUser.Create("ann");
    private static readonly HubUser Abe = HubUser.Create("abe");
    private static readonly HubUser Gina = HubUser.Create("gina");
    private readonly Tenant _acme = Tenant.Create("acme", "Acme");
    private readonly Tenant _globex = Tenant.Create("globex", "Globex");
    private readonly Tenant _doomed = Tenant.Create("doomed", "Doomed");
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-gates-http-{Guid.NewGuid():N}.db");
    private PostgresDatabase? _database;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // An hour behind the real clock, which the JwtBearer handler judges lifetimes by: a token issued after the
        // tests move the host's clock on is still valid there.
        _clock.Advance(DateTimeOffset.UtcNow - TimeSpan.FromHours(1) - _clock.GetUtcNow());
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        if (postgres)
        {
            _database = await PostgresDatabase.CreateAsync();
            builder.Services.AddDbContext<MatrixDb>(o => o.UseNpgsql(_database.ConnectionString));
        }
        else
        {
            builder.Services.AddDbContext<MatrixDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        }

        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddSingleton<IJwtClaimsContributor>(new ForgedSignIn(_clock));
        builder.Services.AddAuthentication().AddMspHubSessions().AddMspHubApiKeys();
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<MatrixDb>()
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)
                .Resource("tenants", mspLevel: true).Actions(PermissionActions.All)
                .Resource("audit").Action("view")
                .Resource("api-keys").Action("generate", sensitive: true))
            .AddOperationGates(o =>
            {
                o.Operations[GateOperations.ApiKeyCreate].TenantLevels[_acme.Id] = GateLevel.L2Approval;
                o.Operations["automs.measure"] = new GatedOperation { Level = GateLevel.L1Notify };
                o.ApprovalWindow = TimeSpan.FromHours(1);
                o.ExecutionWindow = TimeSpan.FromMinutes(10);
            })
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant"))
            .AddPermissionPolicies()
            .AddJwtSessions(o =>
            {
                o.Issuer = SessionTestHost.Issuer;
                o.Audience = SessionTestHost.Audience;
                o.SigningKeyPem = SessionTestHost.SigningKeyPem;
                o.Lifetime = TimeSpan.FromHours(24);
            }));
        var app = builder.Build();
        _app = app;
        app.UseAuthentication();
        app.UseMspHub();
        app.UseAuthorization();
        // docs: gates-and-delegated-access.md#gating-an-endpoint
        app.MapMspHub().MapApprovals();
        app.MapDelete("/tenants/{id:guid}", async (Guid id, string confirm, ITenantLifecycle lifecycle, CancellationToken cancellationToken) =>
        {
            await lifecycle.DeleteAsync(id, confirm, cancellationToken);
            return Results.NoContent();
        }).RequirePermission("tenants", PermissionActions.Delete).RequireGate(GateOperations.TenantDelete);
        // end docs
        app.MapPost("/api-keys", async (NewKey key, ClaimsPrincipal user, ITenancy tenancy, IApiKeyManager keys, CancellationToken cancellationToken) =>
        {
            var created = await keys.CreateAsync(Guid.Parse(user.FindFirstValue("sub")!), tenancy.Current.TenantId!.Value, key.Name, key.Permissions, DateTimeOffset.UtcNow.AddDays(1), cancellationToken);
            return Results.Ok(created.Key.Id);
        }).RequireAuthorization().RequireGate(GateOperations.ApiKeyCreate);
        app.MapPost("/licence/activate", () => Results.NoContent()).RequireAuthorization().RequireGate(GateOperations.LicenceActivate);
        app.MapPost("/automs", () => Results.NoContent()).RequireAuthorization().ConsumesQuota("automs");
        app.MapPost("/measurements", (double amount) => Results.Ok(amount.ToString(CultureInfo.InvariantCulture))).RequireAuthorization().RequireGate("automs.measure");
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
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected async Task Run_an_L2_delete_once_for_its_requester_after_another_person_approves_it()
    {
        await MakeAcmeTheAdminTenancyAsync();
        var ada = await SignInAsync(Ada, _acme);
        var path = $"/tenants/{_doomed.Id}?confirm=doomed";
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Delete, path, await SignInAsync(Abe, _acme)), MspHubProblemTypes.PermissionRequired);

        var asked = await SendAsync(HttpMethod.Delete, path, ada);
        var requestId = await PendingAsync(asked);
        Assert.Equal($"/hub/approvals/{requestId}", asked.Headers.Location?.OriginalString);
        var waiting = await ReadAsync(await SendAsync(HttpMethod.Get, asked.Headers.Location!.OriginalString, ada));
        Assert.Equal("Pending", waiting.GetProperty("state").GetString());

        // Approvers see what they approve (the tenant in the path), never the query string, which may carry a secret.
        Assert.Equal($"DELETE /tenants/{_doomed.Id}", waiting.GetProperty("summary").GetString());
        Assert.NotNull(await FindTenantAsync(_doomed.Id));

        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", ada), GateRefusal.SelfApproval);
        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", await SignInAsync(Abe, _acme)), GateRefusal.ApproverLacksPermission);
        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", await SignInAsync(Gina, _globex)), GateRefusal.RequestNotFound);
        await RefusedAsync(await SendAsync(HttpMethod.Delete, path, ada, approval: requestId), GateRefusal.NotApproved);
        var amy = await SignInAsync(Amy, _acme);
        Assert.Equal("Approved", (await ReadAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", amy))).GetProperty("state").GetString());

        // Whoever may not delete tenants never reaches the gate, an approval in hand or not.
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Delete, path, amy, approval: requestId), MspHubProblemTypes.PermissionRequired);
        await RefusedAsync(await SendAsync(HttpMethod.Delete, $"/tenants/{_doomed.Id}?confirm=Doomed", ada, approval: requestId), GateRefusal.DifferentCall);
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Delete, path, await SignInAsync(Gina, _globex), approval: requestId), MspHubProblemTypes.PermissionRequired);
        Assert.NotNull(await FindTenantAsync(_doomed.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, path, ada, approval: requestId)).StatusCode);
        Assert.Null(await FindTenantAsync(_doomed.Id));
        await RefusedAsync(await SendAsync(HttpMethod.Delete, path, ada, approval: requestId), GateRefusal.AlreadyExecuted);
    }

    // An MSP admin working in a client's tenant asks to delete another tenant: the client's approvers never see the
    // request; the MSP's, in the admin tenancy, answer it; and it runs only for the call asked, from where it was asked.
    protected async Task Decide_a_tenant_deletion_among_the_MSPs_approvers_whatever_tenant_it_is_asked_from()
    {
        await MakeAcmeTheAdminTenancyAsync();
        var ada = await SignInAsync(Ada, _globex);
        var path = $"/tenants/{_doomed.Id}?confirm=doomed";
        var requestId = await PendingAsync(await SendAsync(HttpMethod.Delete, path, ada));

        var gina = await SignInAsync(Gina, _globex);
        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", gina), GateRefusal.RequestNotFound);
        Assert.Empty((await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/approvals", gina))).EnumerateArray());
        Assert.Equal("Approved", (await ReadAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", await SignInAsync(Amy, _acme)))).GetProperty("state").GetString());
        await RefusedAsync(await SendAsync(HttpMethod.Delete, path, await SignInAsync(Ada, _acme), approval: requestId), GateRefusal.DifferentCall);
        Assert.NotNull(await FindTenantAsync(_doomed.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, path, ada, approval: requestId)).StatusCode);
        Assert.Null(await FindTenantAsync(_doomed.Id));
    }

    private async Task MakeAcmeTheAdminTenancyAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().DesignateAdminTenancyAsync(_acme.Id);
    }

    protected async Task Bind_an_API_key_approval_to_the_request_body_and_refuse_it_to_a_key()
    {
        var ada = await SignInAsync(Ada, _acme);
        var wanted = new NewKey("ci", ["automs.view"]);
        var requestId = await PendingAsync(await SendAsync(HttpMethod.Post, "/api-keys", ada, body: wanted));
        await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", await SignInAsync(Amy, _acme));

        await RefusedAsync(await SendAsync(HttpMethod.Post, "/api-keys", ada, approval: requestId, body: wanted with { Permissions = ["automs.view", "automs.delete"] }), GateRefusal.DifferentCall);
        var key = await CreateKeyAsync("automs.view");
        await RefusedAsync(await SendAsync(HttpMethod.Post, "/api-keys", key: key, approval: requestId, body: wanted), GateRefusal.NotRequester);

        var created = await SendAsync(HttpMethod.Post, "/api-keys", ada, approval: requestId, body: wanted);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        await RefusedAsync(await SendAsync(HttpMethod.Post, "/api-keys", ada, approval: requestId, body: wanted), GateRefusal.AlreadyExecuted);
        // A malformed id is answered as an unknown one: a refusal that names no request from approve, 404 from GET.
        await RefusedAsync(await SendAsync(HttpMethod.Post, "/hub/approvals/not-an-id/approve", ada), GateRefusal.RequestNotFound);
        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{Guid.CreateVersion7()}/approve", ada), GateRefusal.RequestNotFound);
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Get, "/hub/approvals/not-an-id", ada), MspHubProblemTypes.NotFound);
    }

    protected async Task Refuse_an_approval_and_an_execution_after_their_windows()
    {
        var ada = await SignInAsync(Ada, _acme);
        var amy = await SignInAsync(Amy, _acme);
        var lapsing = await PendingAsync(await SendAsync(HttpMethod.Delete, $"/tenants/{_doomed.Id}?confirm=doomed", ada));
        var late = await PendingAsync(await SendAsync(HttpMethod.Delete, $"/tenants/{_globex.Id}?confirm=globex", ada));
        await SendAsync(HttpMethod.Post, $"/hub/approvals/{late}/approve", amy);

        _clock.Advance(TimeSpan.FromMinutes(10));
        await RefusedAsync(await SendAsync(HttpMethod.Delete, $"/tenants/{_globex.Id}?confirm=globex", ada, approval: late), GateRefusal.Expired);
        _clock.Advance(TimeSpan.FromHours(1));
        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{lapsing}/approve", amy), GateRefusal.Expired);
        Assert.NotNull(await FindTenantAsync(_globex.Id));
    }

    protected async Task Refuse_an_L3_operation_to_keys_and_to_sessions_without_a_recent_sign_in()
    {
        var path = "/licence/activate";
        await RefusedAsync(await SendAsync(HttpMethod.Post, path, key: await CreateKeyAsync("automs.view")), GateRefusal.CallerNotAPerson);

        var session = await SignInAsync(Ada, _acme);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, path, session)).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var switchedSoon = await SwitchAsync(session, _globex);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, path, switchedSoon)).StatusCode);

        // Sixteen minutes after the sign-in, past the fifteen-minute default: neither token, nor a switch made now, is recent.
        _clock.Advance(TimeSpan.FromMinutes(6));
        await RefusedAsync(await SendAsync(HttpMethod.Post, path, session), GateRefusal.AuthenticationNotRecent);
        await RefusedAsync(await SendAsync(HttpMethod.Post, path, switchedSoon), GateRefusal.AuthenticationNotRecent);
        var switchedLate = await SwitchAsync(session, _globex);
        await RefusedAsync(await SendAsync(HttpMethod.Post, path, switchedLate), GateRefusal.AuthenticationNotRecent);
        await RefusedAsync(await SendAsync(HttpMethod.Post, path, await SwitchAsync(switchedLate, _acme)), GateRefusal.AuthenticationNotRecent);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, path, await SignInAsync(Ada, _acme))).StatusCode);
    }

    protected async Task Give_one_approval_to_two_approvers_at_once_and_one_run_to_two_executions_at_once()
    {
        var ada = await SignInAsync(Ada, _acme);
        var path = $"/tenants/{_doomed.Id}?confirm=doomed";
        var requestId = await PendingAsync(await SendAsync(HttpMethod.Delete, path, ada));
        var approvers = new[] { await SignInAsync(Amy, _acme), await SignInAsync(Ann, _acme) };

        var decisions = await Task.WhenAll(approvers.Select(token => Task.Run(() => SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", token))));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Forbidden], decisions.Select(d => d.StatusCode).Order());
        await RefusedAsync(decisions.Single(d => d.StatusCode == HttpStatusCode.Forbidden), GateRefusal.AlreadyDecided);

        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => SendAsync(HttpMethod.Delete, path, ada, approval: requestId))));
        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Forbidden], runs.Select(r => r.StatusCode).Order());
        await RefusedAsync(runs.Single(r => r.StatusCode == HttpStatusCode.Forbidden), GateRefusal.AlreadyExecuted);
    }

    protected async Task List_requests_and_the_inbox_to_readers_and_let_only_the_requester_cancel()
    {
        var ada = await SignInAsync(Ada, _acme);
        var amy = await SignInAsync(Amy, _acme);
        var requestId = await PendingAsync(await SendAsync(HttpMethod.Delete, $"/tenants/{_doomed.Id}?confirm=doomed", ada));

        var pending = await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/approvals?state=pending", amy));
        Assert.Equal([requestId], pending.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        foreach (var state in new[] { "0", "1", "99", "Bogus", "Pending,Approved", " Pending" })
        {
            await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Get, $"/hub/approvals?state={Uri.EscapeDataString(state)}", amy), MspHubProblemTypes.InvalidRequest);
        }
        Assert.Empty((await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/approvals", await SignInAsync(Gina, _globex)))).EnumerateArray());
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Get, "/hub/approvals", await SignInAsync(Abe, _acme)), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Get, $"/hub/approvals/{requestId}", await SignInAsync(Abe, _acme)), MspHubProblemTypes.NotFound);
        var inbox = await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/inbox", amy));
        Assert.Contains(inbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "ApprovalWaiting" && n.GetProperty("requestId").GetGuid() == requestId);

        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/cancel", amy), GateRefusal.NotRequester);
        Assert.Equal("Cancelled", (await ReadAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/cancel", ada))).GetProperty("state").GetString());
        await RefusedAsync(await SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", amy), GateRefusal.AlreadyDecided);
    }

    // A double binds NaN and the infinities from the query; the gate binds the call to its arguments all the same.
    protected async Task Gate_a_call_whose_arguments_include_a_named_floating_point_value()
    {
        var ada = await SignInAsync(Ada, _acme);
        foreach (var amount in new[] { "NaN", "Infinity", "-Infinity", "2.5" })
        {
            var response = await SendAsync(HttpMethod.Post, $"/measurements?amount={amount}", ada);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(amount, await response.Content.ReadFromJsonAsync<string>());
        }
    }

    protected async Task Notify_the_tenant_when_its_audit_chain_is_exported()
    {
        // Who may not read the chain is refused before the gate: no notice in Acme of an export that never ran.
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Get, $"/hub/audit/export?tenant={_acme.Id}", await SignInAsync(Gina, _globex)), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await SendAsync(HttpMethod.Get, "/hub/audit/export", await SignInAsync(Abe, _acme)), MspHubProblemTypes.PermissionRequired);

        // So is an export whose range cannot be read, by someone who may read the chain.
        await ProblemAssert.IsAsync(
            await SendAsync(HttpMethod.Get, "/hub/audit/export?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", await SignInAsync(Ada, _acme)), MspHubProblemTypes.InvalidRequest);
        Assert.Empty(await ExportNoticesAsync());

        var export = await SendAsync(HttpMethod.Get, "/hub/audit/export", await SignInAsync(Ada, _acme));

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Single(await ExportNoticesAsync());

        // The MSP chain leaves the hub too: gated in the admin tenancy, where the MSP's approvers see the notice.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().DesignateAdminTenancyAsync(_globex.Id);
        }

        Assert.Empty(await ExportNoticesAsync(Gina, _globex));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/hub/audit/export?chain=msp", await SignInAsync(Ada, _acme))).StatusCode);
        Assert.Single(await ExportNoticesAsync(Gina, _globex));
        Assert.Single(await ExportNoticesAsync());
    }

    private async Task<List<JsonElement>> ExportNoticesAsync(HubUser? reader = null, Tenant? tenant = null)
    {
        var inbox = await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/inbox", await SignInAsync(reader ?? Amy, tenant ?? _acme)));
        return [.. inbox.EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "OperationRan" && n.GetProperty("subject").GetString() == GateOperations.AuditExport)];
    }

    protected async Task Alert_the_tenant_once_when_a_flood_of_creations_meets_its_quota()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(_acme.Id, "automs", 1);
        }

        var ada = await SignInAsync(Ada, _acme);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await SendAsync(HttpMethod.Post, "/automs", ada)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NoContent, .. Enumerable.Repeat(HttpStatusCode.Conflict, 5)], answers);
        var inbox = await ReadAsync(await SendAsync(HttpMethod.Get, "/hub/inbox", await SignInAsync(Amy, _acme)));
        var alert = Assert.Single(inbox.EnumerateArray(), n => n.GetProperty("kind").GetString() == "QuotaReached");
        Assert.Equal("automs", alert.GetProperty("subject").GetString());
    }

    private static async Task<Guid> PendingAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.ApprovalRequired);
        return ((JsonElement)problem.Extensions["requestId"]!).GetGuid();
    }

    private static async Task RefusedAsync(HttpResponseMessage response, GateRefusal refusal)
    {
        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.OperationRefused);
        Assert.Equal(refusal.ToString(), ((JsonElement)problem.Extensions["refusal"]!).GetString());

        // A request another tenant's approver cannot find tells them nothing about it, not even its operation.
        var operation = problem.Extensions.TryGetValue("operation", out var value) && value is JsonElement named ? named : default;
        Assert.Equal(refusal == GateRefusal.RequestNotFound, operation.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, string? key = null, Guid? approval = null, object? body = null)
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

        if (approval is not null)
        {
            request.Headers.Add(OperationGateDefaults.ApprovalHeader, approval.ToString());
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return _client.SendAsync(request);
    }

    // The host's interactive sign-in: the first session token after it.
    private async Task<string> SignInAsync(HubUser user, Tenant tenant) =>
        (await _app.Services.GetRequiredService<ISessionTokens>().IssueAsync(user.Id, tenant)).Token;

    private async Task<string> SwitchAsync(string token, Tenant tenant)
    {
        var switched = await ReadAsync(await SendAsync(HttpMethod.Post, "/hub/session/switch", token, body: new { tenant = tenant.Slug }));
        return switched.GetProperty("token").GetString()!;
    }

    private async Task<string> CreateKeyAsync(params string[] permissions)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IApiKeyManager>().CreateAsync(Ada.Id, _acme.Id, "job", permissions, DateTimeOffset.UtcNow.AddDays(1))).Secret;
    }

    private async Task<Tenant?> FindTenantAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(id);
    }

    private async Task SeedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MatrixDb>().Database.EnsureCreatedAsync();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        foreach (var tenant in new[] { _acme, _globex, _doomed })
        {
            await tenants.AddAsync(tenant);
        }

        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        foreach (var user in new[] { Ada, Amy, Ann, Abe, Gina })
        {
            await msp.AddUserAsync(user);
        }


        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _acme.Id, Name = "Admin", Permissions = ["automs.view", "audit.view", "api-keys.generate", "approvals.read"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _acme.Id, Name = "Approver", Permissions = ["approvals.approve", "approvals.read"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _acme.Id, Name = "Agent", Permissions = ["automs.view"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _globex.Id, Name = "Approver", Permissions = ["approvals.approve", "approvals.read"] });
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _globex.Id, Name = "Agent", Permissions = ["automs.view"] });
        await tenantSide.SetMemberAsync(_acme.Id, Ada.Id, ["Admin"]);
        await tenantSide.SetMemberAsync(_acme.Id, Amy.Id, ["Approver"]);
        await tenantSide.SetMemberAsync(_acme.Id, Ann.Id, ["Approver"]);
        await tenantSide.SetMemberAsync(_acme.Id, Abe.Id, ["Agent"]);
        await tenantSide.SetMemberAsync(_globex.Id, Gina.Id, ["Approver"]);
        await tenantSide.SetMemberAsync(_globex.Id, Ada.Id, ["Agent"]);

        // Only MSP admins may delete tenants; Ada is one, working in Acme, where the deletion waits for Acme's approvers.
        await msp.SetSystemRoleAsync(Ada.Id, SystemRole.MspAdmin);
    }

    /// <summary>The body of the sample key endpoint; its hash binds an approval.</summary>
    public sealed record NewKey(string Name, string[] Permissions);

    /// <summary>A claims contributor that tries to make every session look freshly signed in; MspHub sets <c>auth_time</c> after it.</summary>
    private sealed class ForgedSignIn(TimeProvider clock) : IJwtClaimsContributor
    {
        public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
        {
            context.Claims[OperationGateDefaults.AuthTimeClaim] = clock.GetUtcNow().ToUnixTimeSeconds();
            return ValueTask.CompletedTask;
        }
    }
}
