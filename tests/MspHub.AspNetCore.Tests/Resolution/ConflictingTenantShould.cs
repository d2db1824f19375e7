using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Resolution;

/// <summary>
/// A request whose sources name two tenants (the token's for one, a header, route, host or path base for
/// another) is refused with 403 "conflicting tenant"; it never silently runs in either. Sources that agree,
/// by id or slug in any case, are fine. A header sent twice, or holding a list, is a source for each of its values.
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

    // Sent as two header lines, or as one holding a list: HTTP reads the two alike.
    private static Action<HttpRequestMessage> Header(bool oneLine, params string[] values) => r =>
    {
        if (oneLine)
        {
            r.Headers.TryAddWithoutValidation("X-Tenant", string.Join(", ", values));
        }
        else
        {
            r.Headers.TryAddWithoutValidation("X-Tenant", values);
        }
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refuse_a_header_that_names_two_tenants_whichever_comes_first(bool oneLine)
    {
        var acmeFirst = await _host.GetAsync("/whoami", ResolutionTestHost.Mia, Header(oneLine, "acme", "globex"));
        var globexFirst = await _host.GetAsync("/whoami", ResolutionTestHost.Mia, Header(oneLine, "globex", "acme"));
        var unknownSecond = await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header(oneLine, "acme", "nosuch"));

        Assert.Contains("'acme'", (await ProblemAssert.IsAsync(acmeFirst, MspHubProblemTypes.ConflictingTenant)).Detail, StringComparison.Ordinal);
        Assert.Contains("'globex'", (await ProblemAssert.IsAsync(globexFirst, MspHubProblemTypes.ConflictingTenant)).Detail, StringComparison.Ordinal);
        await ProblemAssert.IsAsync(unknownSecond, MspHubProblemTypes.ConflictingTenant);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Accept_a_header_that_repeats_one_tenant_by_id_or_slug(bool oneLine)
    {
        var response = await _host.GetAsync("/whoami", ResolutionTestHost.Alice, Header(oneLine, "acme", "ACME", ResolutionTestHost.Acme.Id.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acme", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Refuse_a_header_naming_two_tenants_where_the_header_is_the_only_strategy()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(ResolutionTestHost.Acme, ResolutionTestHost.Globex)
            .AddInMemoryAccessStore()
            .ResolveTenantFrom(r => r.Header("X-Tenant")));
        await using var app = builder.Build();
        await app.Services.GetRequiredService<InMemoryAccessStore>().AddUserAsync(ResolutionTestHost.Mia);
        app.UseAuthentication();
        app.UseMspHub();
        app.MapGet("/whoami", (HttpContext http) => http.GetTenant()?.Slug ?? "none");
        await app.StartAsync();
        using var client = app.GetTestClient();

        HttpRequestMessage Request(params string[] values)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
            request.Headers.Add("X-Test-User", ResolutionTestHost.Mia.Id.ToString());
            Header(oneLine: false, values)(request);
            return request;
        }

        await ProblemAssert.IsAsync(await client.SendAsync(Request("globex", "acme")), MspHubProblemTypes.ConflictingTenant);
        Assert.Equal("globex", await (await client.SendAsync(Request("globex", "globex"))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Answer_a_caller_who_may_not_enter_the_first_tenant_as_any_other_refusal()
    {
        var response = await _host.GetAsync("/whoami", ResolutionTestHost.Alice, TokenFor(ResolutionTestHost.Globex, r => r.Headers.Add("X-Tenant", "acme")));

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.TenantNotAvailable);
    }
}
