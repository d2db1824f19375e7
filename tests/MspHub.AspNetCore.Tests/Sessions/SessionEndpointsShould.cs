using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Sessions;

public sealed class SessionEndpointsShould : IAsyncLifetime
{
    private static readonly Tenant[] Clients = [.. Enumerable.Range(0, 30).Select(i => Tenant.Create($"client-{i:D2}", $"Client {i:D2}"))];
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync(moreTenants: Clients);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpResponseMessage> SwitchAsync(string token, string tenant) =>
        await _host.SendAsync(HttpMethod.Post, "/hub/session/switch", token, JsonContent.Create(new SwitchTenantRequest(tenant)));

    [Fact]
    public async Task Describe_the_session_the_active_tenant_and_the_permissions_there()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/hub/session", await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme));

        var session = await response.Content.ReadFromJsonAsync<SessionInfo>();
        Assert.Equal("alice", session!.User.UserName);
        Assert.Contains("\"systemRole\":\"None\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("acme", session.Tenant!.Slug);
        Assert.Equal(["automs.view"], session.Tenant.Permissions);
        Assert.Equal(["acme"], session.Tenants.Items.Select(t => t.Slug));
    }

    [Fact]
    public async Task Switch_tenant_without_signing_out_and_change_what_the_next_request_sees()
    {
        var start = await _host.SignInAsync(SessionTestHost.Tom);

        var switched = await SwitchAsync(start, "globex");

        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        var token = (await switched.Content.ReadFromJsonAsync<SessionToken>())!;
        Assert.Equal(SessionTestHost.Globex.Id, token.TenantId);
        Assert.Equal("globex", await (await _host.SendAsync(HttpMethod.Get, "/whoami", token.Token)).Content.ReadAsStringAsync());
        var next = (await (await SwitchAsync(token.Token, Clients[3].Id.ToString())).Content.ReadFromJsonAsync<SessionToken>())!;
        Assert.Equal("client-03", new JsonWebToken(next.Token).GetClaim(MspHubClaimTypes.TenantSlug).Value);

        // Each session is recorded where it acts, and each switch with where it came from.
        var signIn = Assert.Single(await RecordsAsync(null), r => r.Action == AuditActions.SessionIssued);
        Assert.Equal((AuditActor.User(SessionTestHost.Tom.Id), AuditOutcome.Succeeded), (signIn.Actor, signIn.Outcome));
        Assert.Equal(new JsonWebToken(start).Id, signIn.Detail["session"]);
        var intoGlobex = await RecordsAsync(SessionTestHost.Globex.Id);
        Assert.Equal(new JsonWebToken(token.Token).Id, Assert.Single(intoGlobex, r => r.Action == AuditActions.SessionIssued).Detail["session"]);
        Assert.Equal("none", Assert.Single(intoGlobex, r => r.Action == AuditActions.SessionSwitched).Detail["from-tenant"]);
        var intoClient = Assert.Single(await RecordsAsync(Clients[3].Id), r => r.Action == AuditActions.SessionSwitched);
        Assert.Equal(SessionTestHost.Globex.Id.ToString(), intoClient.Detail["from-tenant"]);
    }

    [Fact]
    public async Task Record_a_refused_session()
    {
        await Assert.ThrowsAsync<SessionRefusedException>(() => _host.Tokens.IssueAsync(SessionTestHost.Oscar.Id, SessionTestHost.Acme));

        var refused = Assert.Single(await RecordsAsync(SessionTestHost.Acme.Id), r => r.Action == AuditActions.SessionIssued);
        Assert.Equal((AuditActor.User(SessionTestHost.Oscar.Id), AuditOutcome.Refused), (refused.Actor, refused.Outcome));
    }

    // Probing tenants through a switch leaves the trace a header naming them leaves; a tenant that does not exist has no
    // chain to record it in, and a quoted name never carries a control or bidirectional character back.
    [Fact]
    public async Task Record_a_refused_switch_in_the_tenant_refused_and_quote_the_name_as_plain_text()
    {
        var alice = await _host.SignInAsync(SessionTestHost.Alice);

        Assert.Equal(HttpStatusCode.Forbidden, (await SwitchAsync(alice, "globex")).StatusCode);
        var reversed = await ProblemAssert.IsAsync(await SwitchAsync(alice, "\u202Eexample\u0000"), MspHubProblemTypes.TenantNotAvailable);

        var refused = Assert.Single(await RecordsAsync(SessionTestHost.Globex.Id), r => r.Action == AuditActions.CrossTenantAccessDenied);
        Assert.Equal((AuditActor.User(SessionTestHost.Alice.Id), AuditOutcome.Refused), (refused.Actor, refused.Outcome));
        Assert.Contains("'\uFFFDexample\uFFFD'", reversed.Detail, StringComparison.Ordinal);
    }

    private async Task<List<AuditRecord>> RecordsAsync(Guid? tenantId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var records = new List<AuditRecord>();
        await foreach (var record in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAsync(tenantId, 1, null))
        {
            records.Add(record);
        }

        return records;
    }

    [Theory]
    [InlineData("alice", "globex", HttpStatusCode.Forbidden)]
    [InlineData("oscar", "acme", HttpStatusCode.Forbidden)]
    [InlineData("alice", "initech", HttpStatusCode.Forbidden)]
    [InlineData("alice", "nowhere", HttpStatusCode.Forbidden)]
    [InlineData("mia", "nowhere", HttpStatusCode.NotFound)]
    [InlineData("sam", "globex", HttpStatusCode.OK)]
    [InlineData("mia", "acme", HttpStatusCode.OK)]
    public async Task Switch_only_into_tenants_the_user_can_enter(string user, string tenant, HttpStatusCode expected)
    {
        var who = new[] { SessionTestHost.Alice, SessionTestHost.Oscar, SessionTestHost.Sam, SessionTestHost.Mia }.Single(u => u.UserName == user);

        var response = await SwitchAsync(await _host.SignInAsync(who), tenant);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.DoesNotContain("\"token\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_and_search_the_tenants_a_technician_may_switch_to()
    {
        var token = await _host.SignInAsync(SessionTestHost.Tom);

        var first = await (await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants?pageSize=10", token)).Content.ReadFromJsonAsync<PagedResult<SessionTenant>>();
        var third = await (await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants?pageSize=10&page=4", token)).Content.ReadFromJsonAsync<PagedResult<SessionTenant>>();
        var search = await (await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants?search=client-2", token)).Content.ReadFromJsonAsync<PagedResult<SessionTenant>>();

        Assert.Equal(31, first!.TotalCount);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(["globex"], third!.Items.Select(t => t.Slug));
        Assert.Equal(Enumerable.Range(20, 10).Select(i => $"client-{i}"), search!.Items.Select(t => t.Slug));
        Assert.All(first.Items, t => Assert.Equal(["automs.view"], t.Permissions));
        Assert.DoesNotContain(first.Items, t => t.Slug == "acme");
    }

    [Fact]
    public async Task Read_empty_search_and_paging_values_as_not_given()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants?search=&page=&pageSize=", await _host.SignInAsync(SessionTestHost.Tom));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<PagedResult<SessionTenant>>();
        Assert.Equal((31, 20), (page!.TotalCount, page.Items.Count));
    }

    // SQLite cut the pattern at the NUL and answered every tenant; PostgreSQL refused it as a value it cannot store.
    [Theory]
    [InlineData("client%00x")]
    [InlineData("client%0A2")]
    [InlineData("client%E2%80%8B2")]
    public async Task Refuse_a_search_term_that_is_not_plain_text_on_one_line(string search)
    {
        var response = await _host.SendAsync(HttpMethod.Get, $"/hub/session/tenants?search={search}", await _host.SignInAsync(SessionTestHost.Tom));

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
        Assert.Contains("plain text on one line", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_a_bad_page_size_with_problem_details()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants?pageSize=100000", await _host.SignInAsync(SessionTestHost.Tom));

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Cap_the_tenant_page_at_one_hundred()
    {
        var token = await _host.SignInAsync(SessionTestHost.Tom);

        var largest = await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants?pageSize=100", token);
        var tooLarge = await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants?pageSize=101", token);

        Assert.Equal(HttpStatusCode.OK, largest.StatusCode);
        Assert.Equal(31, (await largest.Content.ReadFromJsonAsync<PagedResult<SessionTenant>>())!.Items.Count);
        var problem = await ProblemAssert.IsAsync(tooLarge, MspHubProblemTypes.InvalidRequest);
        Assert.Contains("at most 100", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_401_without_a_token()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SendAsync(HttpMethod.Get, "/hub/session", token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SwitchAsync("not-a-token", "acme")).StatusCode);
    }

    [Fact]
    public async Task Refuse_a_header_naming_another_tenant_than_the_token_and_the_token_once_the_user_is_removed()
    {
        var token = await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        Assert.Equal("acme", await (await _host.SendAsync(HttpMethod.Get, "/whoami", token, tenantHeader: "acme")).Content.ReadAsStringAsync());
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/whoami", token, tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);

        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().RemoveMemberAsync(SessionTestHost.Acme.Id, SessionTestHost.Alice.Id);
        }

        var outdated = await _host.SendAsync(HttpMethod.Get, "/whoami", token);
        Assert.Equal(HttpStatusCode.Unauthorized, outdated.StatusCode);
        Assert.Equal("Session outdated", (await outdated.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        await ProblemAssert.IsAsync(await SwitchAsync(token, "acme"), MspHubProblemTypes.SessionOutdated);
    }
}
