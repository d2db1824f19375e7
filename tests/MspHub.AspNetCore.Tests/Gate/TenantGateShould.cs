using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Gate;

/// <summary>
/// The one tenant gate: every caller kind against every tenant state, and the same decisions through the
/// middleware, <c>RequireTenantEntry</c>, the permission handler and the switch endpoint.
/// </summary>
public sealed class TenantGateShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Let_a_member_in_with_their_permissions_and_refuse_them_elsewhere()
    {
        var alice = User(SessionTestHost.Alice);

        var home = await DecideAsync(alice, SessionTestHost.Acme.Id);
        Assert.Equal(TenantGateOutcome.Allowed, home.Outcome);
        Assert.True(home.Holds(Catalog.Id("automs.view")));
        Assert.False(home.Holds(Catalog.Id("automs.delete")));

        var foreign = await DecideAsync(alice, SessionTestHost.Globex.Id);
        Assert.Equal(TenantGateOutcome.Refused, foreign.Outcome);
        Assert.Null(foreign.Permissions);
        Assert.False(foreign.Holds(Catalog.Id("automs.view")));
    }

    // A foreign tenant and one that does not exist are refused alike; reading the foreign one's status would make its
    // refusal slower, and so tell a caller who times it that the tenant exists.
    [Fact]
    public async Task Refuse_a_tenant_the_caller_may_not_enter_without_reading_its_status()
    {
        var reads = new ConcurrentQueue<Guid>();
        await using var host = await SessionTestHost.StartAsync(more: hub => StatusReadingTenantStore.Wrap(hub.Services, reads));
        async Task<TenantGateOutcome> DecideOnAsync(HubUser user, Guid tenantId)
        {
            await using var scope = host.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<ITenantGate>().DecideAsync(User(user), tenantId)).Outcome;
        }

        Assert.Equal(TenantGateOutcome.Refused, await DecideOnAsync(SessionTestHost.Alice, SessionTestHost.Globex.Id));
        Assert.Equal(TenantGateOutcome.Refused, await DecideOnAsync(SessionTestHost.Alice, Guid.NewGuid()));
        Assert.Empty(reads);
        Assert.Equal(TenantGateOutcome.Allowed, await DecideOnAsync(SessionTestHost.Alice, SessionTestHost.Acme.Id));
        Assert.Equal([SessionTestHost.Acme.Id], reads);
    }

    [Fact]
    public async Task Read_an_unknown_tenant_like_a_foreign_one_except_to_msp_admins()
    {
        var nowhere = Guid.NewGuid();
        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(User(SessionTestHost.Alice), nowhere)).Outcome);
        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(User(SessionTestHost.Tom), Guid.Empty)).Outcome);
        Assert.Equal(TenantGateOutcome.Unknown, (await DecideAsync(User(SessionTestHost.Mia), nowhere)).Outcome);
        Assert.Equal(TenantGateOutcome.Unknown, (await DecideAsync(User(SessionTestHost.Mia), Guid.Empty)).Outcome);
    }

    [Fact]
    public async Task Count_each_refusal_by_reason_once_per_scope()
    {
        using var refusals = new MetricCollector<long>(
            _host.Services.GetRequiredService<IMeterFactory>(), MspHubDiagnostics.Name, MspHubDiagnostics.EntryRefusalsCounter);

        await DecideAsync(User(SessionTestHost.Alice), SessionTestHost.Acme.Id);
        await DecideAsync(User(SessionTestHost.Alice), SessionTestHost.Globex.Id);
        await DecideAsync(User(SessionTestHost.Mia), SessionTestHost.Initech.Id);
        await DecideAsync(User(SessionTestHost.Mia), Guid.NewGuid());
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var gate = scope.ServiceProvider.GetRequiredService<ITenantGate>();
            var alice = User(SessionTestHost.Alice);
            await gate.DecideAsync(alice, SessionTestHost.Globex.Id);
            await gate.DecideAsync(alice, SessionTestHost.Globex.Id);
        }

        Assert.Equal(
            ["refused", "suspended", "unknown", "refused"],
            refusals.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!));
        Assert.All(refusals.GetMeasurementSnapshot(), m => Assert.Equal((1L, 1), (m.Value, m.Tags.Count)));
    }

    [Fact]
    public async Task Say_suspended_only_to_callers_who_could_enter()
    {
        Assert.Equal(TenantGateOutcome.Suspended, (await DecideAsync(User(SessionTestHost.Mia), SessionTestHost.Initech.Id)).Outcome);
        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(User(SessionTestHost.Alice), SessionTestHost.Initech.Id)).Outcome);
    }

    [Fact]
    public async Task Refuse_anonymous_callers_and_principals_without_a_user_id()
    {
        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(new ClaimsPrincipal(new ClaimsIdentity()), SessionTestHost.Acme.Id)).Outcome);
        var noId = new ClaimsPrincipal(new ClaimsIdentity([new Claim("name", "alice")], "Cookies"));
        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(noId, SessionTestHost.Acme.Id)).Outcome);
    }

    [Fact]
    public async Task Keep_an_api_key_in_its_own_tenant_with_only_its_permissions()
    {
        var key = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(MspHubClaimTypes.ApiKeyId, Guid.NewGuid().ToString()),
                new Claim(MspHubClaimTypes.TenantId, SessionTestHost.Acme.Id.ToString()),
                new Claim(MspHubClaimTypes.Permission, "automs.view"),
                new Claim(MspHubClaimTypes.Permission, "no.such-permission"),
            ],
            ApiKeyAuthenticationDefaults.AuthenticationType));

        var own = await DecideAsync(key, SessionTestHost.Acme.Id);
        Assert.Equal(TenantGateOutcome.Allowed, own.Outcome);
        Assert.Equal(1, own.Permissions!.Count);
        Assert.True(own.Holds(Catalog.Id("automs.view")));
        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(key, SessionTestHost.Globex.Id)).Outcome);
        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(key, Guid.NewGuid())).Outcome);
    }

    [Fact]
    public async Task Refuse_a_look_alike_key_whose_claims_come_from_another_scheme()
    {
        var forged = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim("sub", SessionTestHost.Oscar.Id.ToString()),
                new Claim(MspHubClaimTypes.TenantId, SessionTestHost.Acme.Id.ToString()),
                new Claim(MspHubClaimTypes.Permission, "automs.view"),
            ],
            "Bearer"));

        Assert.Equal(TenantGateOutcome.Refused, (await DecideAsync(forged, SessionTestHost.Acme.Id)).Outcome);
    }

    [Fact]
    public async Task Call_a_token_issued_before_an_access_change_outdated_whatever_tenant_it_names()
    {
        var before = User(SessionTestHost.Alice, accessVersion: await AccessVersionAsync(SessionTestHost.Alice));
        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().SetMemberAsync(SessionTestHost.Acme.Id, SessionTestHost.Alice.Id, []);
        }

        Assert.Equal(TenantGateOutcome.Outdated, (await DecideAsync(before, SessionTestHost.Acme.Id)).Outcome);
        Assert.Equal(TenantGateOutcome.Outdated, (await DecideAsync(before, Guid.NewGuid())).Outcome);
        var fresh = User(SessionTestHost.Alice, accessVersion: await AccessVersionAsync(SessionTestHost.Alice));
        var after = await DecideAsync(fresh, SessionTestHost.Acme.Id);
        Assert.Equal(TenantGateOutcome.Allowed, after.Outcome);
        Assert.False(after.Holds(Catalog.Id("automs.view")));
    }

    [Fact]
    public async Task Decide_once_per_scope_and_afresh_in_the_next()
    {
        var alice = User(SessionTestHost.Alice);
        await using var request = _host.Services.CreateAsyncScope();
        var gate = request.ServiceProvider.GetRequiredService<ITenantGate>();
        Assert.Equal(TenantGateOutcome.Allowed, (await gate.DecideAsync(alice, SessionTestHost.Acme.Id)).Outcome);

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().UpdateAsync(SessionTestHost.Acme.Id, c => c with { Status = TenantStatus.Suspended });
        }

        Assert.Equal(TenantGateOutcome.Allowed, (await gate.DecideAsync(alice, SessionTestHost.Acme.Id)).Outcome);
        Assert.Equal(TenantGateOutcome.Suspended, (await DecideAsync(alice, SessionTestHost.Acme.Id)).Outcome);
    }

    [Fact]
    public async Task Answer_host_code_as_the_access_control_page_shows()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var (gate, catalog, cancellationToken) = (scope.ServiceProvider.GetRequiredService<ITenantGate>(), Catalog, CancellationToken.None);
        var httpContext = new DefaultHttpContext { User = User(SessionTestHost.Mia) };
        var canDeleteIn = new Dictionary<Guid, bool>();
        foreach (var tenantId in new[] { SessionTestHost.Acme.Id, SessionTestHost.Initech.Id })
        {
            // docs: access-control.md#the-tenant-gate decide
            var decision = await gate.DecideAsync(httpContext.User, tenantId, cancellationToken);
            var canDelete = decision.Holds(catalog.Id("automs.delete"));   // false too when the caller may not act there at all
            // end docs
            canDeleteIn[tenantId] = canDelete;
        }

        Assert.True(canDeleteIn[SessionTestHost.Acme.Id]);
        Assert.False(canDeleteIn[SessionTestHost.Initech.Id]); // suspended: an MSP admin could enter, but may not act
    }

    [Fact]
    public async Task Guard_require_tenant_entry_endpoints()
    {
        var alice = await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        var response = await _host.SendAsync(HttpMethod.Get, "/me", alice);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Acme", await response.Content.ReadAsStringAsync());

        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/me", await _host.SignInAsync(SessionTestHost.Alice)), MspHubProblemTypes.TenantRequired);
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/me", alice, tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);
        var anonymous = await _host.SendAsync(HttpMethod.Get, "/me", token: null);
        await ProblemAssert.IsAsync(anonymous, MspHubProblemTypes.AuthenticationRequired);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/me", token: null, tenantHeader: "acme"), MspHubProblemTypes.AuthenticationRequired);
    }

    [Fact]
    public async Task Give_the_same_answer_through_the_middleware_and_the_switch_endpoint()
    {
        var alice = await _host.SignInAsync(SessionTestHost.Alice);
        foreach (var named in new[] { "globex", "no-such-tenant", Guid.NewGuid().ToString(), "initech" })
        {
            await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/whoami", alice, tenantHeader: named), MspHubProblemTypes.TenantNotAvailable);
            var switched = await _host.SendAsync(HttpMethod.Post, "/hub/session/switch", alice, System.Net.Http.Json.JsonContent.Create(new { tenant = named }));
            await ProblemAssert.IsAsync(switched, MspHubProblemTypes.TenantNotAvailable);
        }

        var mia = await _host.SignInAsync(SessionTestHost.Mia);
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/whoami", mia, tenantHeader: "no-such-tenant"), MspHubProblemTypes.UnknownTenant);
        await ProblemAssert.IsAsync(
            await _host.SendAsync(HttpMethod.Post, "/hub/session/switch", mia, System.Net.Http.Json.JsonContent.Create(new { tenant = "no-such-tenant" })),
            MspHubProblemTypes.UnknownTenant);
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/whoami", mia, tenantHeader: "initech"), MspHubProblemTypes.TenantSuspended);
    }

    private PermissionCatalog Catalog => _host.Services.GetRequiredService<PermissionCatalog>();

    private static ClaimsPrincipal User(HubUser user, long? accessVersion = null)
    {
        List<Claim> claims = [new("sub", user.Id.ToString())];
        if (accessVersion is { } version)
        {
            claims.Add(new Claim(MspHubClaimTypes.AccessVersion, version.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer"));
    }

    private async Task<long> AccessVersionAsync(HubUser user)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindUserAsync(user.Id))!.AccessVersion;
    }

    private async Task<TenantGateDecision> DecideAsync(ClaimsPrincipal principal, Guid tenantId)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantGate>().DecideAsync(principal, tenantId);
    }
}
