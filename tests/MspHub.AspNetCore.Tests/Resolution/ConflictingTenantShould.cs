using System.Net;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Resolution;

/// <summary>
/// A request whose sources name two tenants (the token's for one, a header, route, host or path base for
/// another) is refused with 403 "conflicting tenant"; it never silently runs in either. Sources that agree,
/// by id or slug in any case, are fine.
/// </summary>
public sealed class ConflictingTenantShould : IAsyncLifetime
{
    private ResolutionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ResolutionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Action<HttpRequestMessage> TokenFor(Tenant tenant, Action<HttpRequestMessage>? more = null) => r =>
    {
        r.Headers.Add("X-Test-Tenant-Claim", tenant.Id.ToString());
        more?.Invoke(r);
    };

    [Theory]
    [InlineData("alice", "header")]
    [InlineData("alice", "route")]
    [InlineData("alice", "host")]
    [InlineData("alice", "path-base")]
    [InlineData("alice", "unknown-header")]
    [InlineData("mia", "header")]
    [InlineData("mia", "route")]
    public async Task Refuse_a_token_for_one_tenant_with_another_named_elsewhere(string caller, string source)
    {
        var who = caller == "mia" ? ResolutionTestHost.Mia : ResolutionTestHost.Alice;
        var (path, name) = source switch
        {
            "header" => ("/whoami", TokenFor(ResolutionTestHost.Acme, r => r.Headers.Add("X-Tenant", "globex"))),
            "unknown-header" => ("/whoami", TokenFor(ResolutionTestHost.Acme, r => r.Headers.Add("X-Tenant", "nosuch"))),
            "route" => ("/t/globex/whoami", TokenFor(ResolutionTestHost.Acme)),
            "host" => ("/whoami", TokenFor(ResolutionTestHost.Acme, r => r.Headers.Host = "globex.hub.test")),
            _ => ("/p/globex/whoami", TokenFor(ResolutionTestHost.Acme)),
        };

        var problem = await ProblemAssert.IsAsync(await _host.GetAsync(path, who, name), MspHubProblemTypes.ConflictingTenant);

        Assert.Contains("'acme'", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_sources_that_name_the_same_tenant_by_id_or_slug()
    {
        var byId = await _host.GetAsync("/whoami", ResolutionTestHost.Alice, TokenFor(ResolutionTestHost.Acme, r => r.Headers.Add("X-Tenant", ResolutionTestHost.Acme.Id.ToString())));
        var bySlug = await _host.GetAsync("/t/acme/whoami", ResolutionTestHost.Alice, TokenFor(ResolutionTestHost.Acme, r => r.Headers.Host = "ACME.hub.test"));

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal("acme", await byId.Content.ReadAsStringAsync());
        Assert.Equal("acme", await bySlug.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Answer_a_caller_who_may_not_enter_the_first_tenant_as_any_other_refusal()
    {
        var response = await _host.GetAsync("/whoami", ResolutionTestHost.Alice, TokenFor(ResolutionTestHost.Globex, r => r.Headers.Add("X-Tenant", "acme")));

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.TenantNotAvailable);
    }
}
