using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Resolution;

/// <summary>
/// A caller who may not enter a tenant learns nothing about whether it exists: the answer for an existing
/// tenant and for an unknown one has the same status, type, title and detail (up to the name the caller
/// sent), on every strategy and on switch; only MSP admins are told "unknown". Details quote a short prefix.
/// </summary>
public sealed class NoExistenceOracleShould : IAsyncLifetime
{
    private ResolutionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ResolutionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string?> StrategiesAndCallers()
    {
        var data = new TheoryData<string, string?>();
        foreach (var strategy in new[] { "claim", "header", "route", "host", "path-base" })
        {
            foreach (var caller in new[] { null, "oscar", "alice" })
            {
                if (strategy != "claim" || caller is not null)
                {
                    data.Add(strategy, caller);
                }
            }
        }

        return data;
    }

    private Task<HttpResponseMessage> NameAsync(string strategy, string tenant, HubUser? caller) => strategy switch
    {
        "claim" => _host.GetAsync("/whoami", caller, r => r.Headers.Add("X-Test-Tenant-Claim", tenant)),
        "header" => _host.GetAsync("/whoami", caller, r => r.Headers.Add("X-Tenant", tenant)),
        "route" => _host.GetAsync($"/t/{tenant}/whoami", caller),
        "host" => _host.GetAsync("/whoami", caller, r => r.Headers.Host = $"{tenant}.hub.test"),
        _ => _host.GetAsync($"/p/{tenant}/whoami", caller),
    };

    private static HubUser? Caller(string? name) =>
        new[] { ResolutionTestHost.Oscar, ResolutionTestHost.Alice, ResolutionTestHost.Mia }.SingleOrDefault(u => u.UserName == name);

    [Theory]
    [MemberData(nameof(StrategiesAndCallers))]
    public async Task Answer_an_unknown_tenant_exactly_as_one_the_caller_may_not_enter(string strategy, string? caller)
    {
        var (existing, unknown) = strategy == "claim"
            ? (ResolutionTestHost.Globex.Id.ToString(), Guid.CreateVersion7().ToString())
            : ("globex", "nosuch");

        var forExisting = await NameAsync(strategy, existing, Caller(caller));
        var forUnknown = await NameAsync(strategy, unknown, Caller(caller));

        // Without credentials nobody enters a tenant: the caller is challenged, on an endpoint that asks for no sign-in too.
        var expected = caller is null ? MspHubProblemTypes.AuthenticationRequired : MspHubProblemTypes.TenantNotAvailable;
        var a = await ProblemAssert.IsAsync(forExisting, expected);
        var b = await ProblemAssert.IsAsync(forUnknown, expected);
        Assert.Equal(a.Detail!.Replace(existing, "{tenant}", StringComparison.Ordinal), b.Detail!.Replace(unknown, "{tenant}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tell_an_msp_admin_that_a_tenant_is_unknown()
    {
        var response = await NameAsync("header", "nosuch", ResolutionTestHost.Mia);

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.UnknownTenant);
        Assert.Equal("No tenant 'nosuch' exists.", problem.Detail);
    }

    [Fact]
    public async Task Quote_only_a_short_prefix_of_a_huge_identifier()
    {
        var huge = new string('q', 100 * 1024);

        foreach (var caller in new[] { ResolutionTestHost.Oscar, ResolutionTestHost.Mia })
        {
            var response = await NameAsync("header", huge, caller);

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(body.Length < 1024, $"{body.Length} characters");
            Assert.DoesNotContain(new string('q', CallerText.MaxQuotedLength + 1), body, StringComparison.Ordinal);
        }
    }
}

/// <summary>The same on <c>POST /hub/session/switch</c>, and for a session token that is outdated.</summary>
public sealed class NoExistenceOracleOnSessionsShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpResponseMessage> SwitchAsync(HubUser user, string tenant) =>
        await _host.SendAsync(HttpMethod.Post, "/hub/session/switch", await _host.SignInAsync(user), JsonContent.Create(new SwitchTenantRequest(tenant)));

    [Theory]
    [InlineData("alice")]
    [InlineData("oscar")]
    [InlineData("tom")]
    public async Task Refuse_a_switch_to_an_unknown_tenant_exactly_as_to_one_the_user_may_not_enter(string user)
    {
        var who = new[] { SessionTestHost.Alice, SessionTestHost.Oscar, SessionTestHost.Tom }.Single(u => u.UserName == user);
        var existing = who == SessionTestHost.Tom ? "acme" : "globex";

        var a = await ProblemAssert.IsAsync(await SwitchAsync(who, existing), MspHubProblemTypes.TenantNotAvailable);
        var b = await ProblemAssert.IsAsync(await SwitchAsync(who, "nosuch"), MspHubProblemTypes.TenantNotAvailable);
        var c = await ProblemAssert.IsAsync(await SwitchAsync(who, Guid.CreateVersion7().ToString()), MspHubProblemTypes.TenantNotAvailable);

        Assert.Equal($"You cannot act in tenant '{existing}'.", a.Detail);
        Assert.Equal("You cannot act in tenant 'nosuch'.", b.Detail);
        Assert.StartsWith("You cannot act in tenant '", c.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tell_an_msp_admin_switching_that_a_tenant_is_unknown_and_quote_a_short_prefix()
    {
        var response = await SwitchAsync(SessionTestHost.Mia, new string('z', 100 * 1024));

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.UnknownTenant);
        Assert.DoesNotContain(new string('z', CallerText.MaxQuotedLength + 1), problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_an_outdated_token_the_same_whether_the_named_tenant_exists_or_not()
    {
        var token = await _host.SignInAsync(SessionTestHost.Alice);
        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().SetMemberAsync(SessionTestHost.Acme.Id, SessionTestHost.Alice.Id, []);
        }

        var existing = await _host.SendAsync(HttpMethod.Get, "/whoami", token, tenantHeader: "globex");
        var unknown = await _host.SendAsync(HttpMethod.Get, "/whoami", token, tenantHeader: "nosuch");

        Assert.Equal(HttpStatusCode.Unauthorized, existing.StatusCode);
        Assert.Equal(
            (await existing.Content.ReadFromJsonAsync<ProblemDetails>())!.Type,
            (await ProblemAssert.IsAsync(unknown, MspHubProblemTypes.SessionOutdated)).Type);
    }
}
