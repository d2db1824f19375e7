using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Sessions;

/// <summary>
/// The token-freshness check runs in the JwtBearer events <c>AddMspHubSessions</c> configures, for every
/// authenticated request: an outdated token is refused where no tenant is resolved too.
/// </summary>
public sealed class TokenFreshnessShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Refuse_a_demoted_msp_admins_old_token_on_an_msp_level_endpoint_with_no_tenant()
    {
        var old = await _host.SignInAsync(SessionTestHost.Mia);
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Get, "/msp/overview", old)).StatusCode);

        using (var scope = _host.Services.CreateScope())
        {
            var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
            await msp.SetSystemRoleAsync(SessionTestHost.Oscar.Id, SystemRole.MspAdmin);
            await msp.SetSystemRoleAsync(SessionTestHost.Mia.Id, SystemRole.None);
        }

        var refused = await _host.SendAsync(HttpMethod.Get, "/msp/overview", old);
        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.SessionOutdated);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, "/msp/overview", await _host.SignInAsync(SessionTestHost.Mia))).StatusCode);
    }

    [Fact]
    public async Task Refuse_an_outdated_token_on_a_session_endpoint_with_no_tenant()
    {
        var old = await _host.SignInAsync(SessionTestHost.Tom);
        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(SessionTestHost.Tom.Id, SessionTestHost.Globex.Id);
        }

        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants", old), MspHubProblemTypes.SessionOutdated);
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants", await _host.SignInAsync(SessionTestHost.Tom))).StatusCode);
    }
}
