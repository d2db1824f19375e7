using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Resolution;

public sealed class UseMspHubShould : IAsyncLifetime
{
    private ResolutionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ResolutionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Action<HttpRequestMessage> Header(string tenant) => r => r.Headers.Add("X-Tenant", tenant);

    private static Action<HttpRequestMessage> Claim(Tenant tenant) => r => r.Headers.Add("X-Test-Tenant-Claim", tenant.Id.ToString());

    private static Action<HttpRequestMessage> Host(string host) => r => r.Headers.Host = host;

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(title, problem!.Title);
    }

    [Fact]
    public async Task Activate_the_tenant_a_member_names_by_each_strategy()
    {
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Claim(ResolutionTestHost.Acme))));
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header("acme"))));
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header(ResolutionTestHost.Acme.Id.ToString()))));
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/t/acme/whoami", ResolutionTestHost.Alice)));
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Host("ACME.hub.test:8443"))));
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/p/acme/whoami", ResolutionTestHost.Alice)));
    }

    [Fact]
    public async Task Let_technicians_enter_granted_tenants_and_msp_admins_enter_any()
    {
        Assert.Equal("globex", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Tom, Header("globex"))));
        Assert.Equal("globex", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Mia, Header("globex"))));
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/t/acme/whoami", ResolutionTestHost.Mia)));
    }

    [Theory]
    [InlineData("header")]
    [InlineData("route")]
    [InlineData("host")]
    [InlineData("path-base")]
    public async Task Refuse_a_tenant_named_by_someone_who_cannot_enter_it(string strategy)
    {
        var (path, name) = strategy switch
        {
            "header" => ("/whoami", Header("globex")),
            "route" => ("/t/globex/whoami", null),
            "host" => ("/whoami", Host("globex.hub.test")),
            _ => ("/p/globex/whoami", (Action<HttpRequestMessage>?)null),
        };

        await AssertProblemAsync(await _host.GetAsync(path, ResolutionTestHost.Alice, name), HttpStatusCode.Forbidden, "Tenant not available");
        await AssertProblemAsync(await _host.GetAsync(path, ResolutionTestHost.Oscar, name), HttpStatusCode.Forbidden, "Tenant not available");
        await AssertProblemAsync(await _host.GetAsync(path, user: null, name), HttpStatusCode.Unauthorized, "Authentication required"); // challenged: nobody enters anonymously
        Assert.Contains(_host.Audit.Records, r => r.Action == AuditActions.CrossTenantAccessDenied && r.TenantId == ResolutionTestHost.Globex.Id && r.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Refuse_a_token_tenant_the_user_no_longer_belongs_to()
    {
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Claim(ResolutionTestHost.Acme))));
        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().RemoveMemberAsync(ResolutionTestHost.Acme.Id, ResolutionTestHost.Alice.Id);
        }

        var stale = await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Claim(ResolutionTestHost.Acme));

        await AssertProblemAsync(stale, HttpStatusCode.Forbidden, "Tenant not available");
    }

    [Fact]
    public async Task Answer_403_for_a_suspended_tenant_only_to_its_members()
    {
        await AssertProblemAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header("initech")), HttpStatusCode.Forbidden, "Tenant suspended");
        await AssertProblemAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Oscar, Header("initech")), HttpStatusCode.Forbidden, "Tenant not available");
    }

    [Fact]
    public async Task Confirm_the_status_with_the_store_so_a_change_made_on_another_node_counts_at_once()
    {
        Assert.Equal("acme", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header("acme"))));
        // Written past this node's tenant cache, as another node would: the cached Acme is still active.
        var elsewhere = _host.Services.GetRequiredService<InMemoryTenantStore>();

        await elsewhere.UpdateAsync(ResolutionTestHost.Acme.Id, t => t with { Status = TenantStatus.Suspended });
        await AssertProblemAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header("acme")), HttpStatusCode.Forbidden, "Tenant suspended");

        await elsewhere.UpdateAsync(ResolutionTestHost.Acme.Id, t => t with { Status = TenantStatus.Deleting });
        // A tenant being deleted reads exactly like one that does not exist: to a member, the same answer as any
        // tenant they may not enter; to an MSP admin, unknown.
        await AssertProblemAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header("acme")), HttpStatusCode.Forbidden, "Tenant not available");
        await AssertProblemAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Mia, Claim(ResolutionTestHost.Acme)), HttpStatusCode.NotFound, "Unknown tenant");
    }

    [Fact]
    public async Task Run_without_a_tenant_when_nothing_names_one_or_the_endpoint_opts_out()
    {
        Assert.Equal("none", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice)));
        Assert.Equal("none", await BodyAsync(await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Host("deep.acme.hub.test"))));
        Assert.Equal("none", await BodyAsync(await _host.GetAsync("/public", ResolutionTestHost.Oscar, Header("globex"))));
    }
}
