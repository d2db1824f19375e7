using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Owasp;
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

    // The stock handler validates a token's lifetime by the clock it was issued by: the host's TimeProvider, not the system's.
    [Fact]
    public async Task Accept_and_expire_tokens_by_the_hosts_clock()
    {
        var clock = TestClock.Create();
        await using var host = await SessionTestHost.StartAsync(more: hub => hub.Services.AddSingleton<TimeProvider>(clock));

        var token = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        var fresh = await host.SendAsync(HttpMethod.Get, "/whoami", token);
        clock.Advance(TimeSpan.FromMinutes(16));
        var expired = await host.SendAsync(HttpMethod.Get, "/whoami", token);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "/whoami", await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme))).StatusCode);
    }

    // The host's clock replaces the stock lifetime check only: turning the check off still turns it off.
    [Fact]
    public async Task Read_an_expired_token_by_the_hosts_clock_when_the_lifetime_check_is_off()
    {
        var clock = TestClock.Create();
        await using var host = await SessionTestHost.StartAsync(more: hub => hub.Services.AddSingleton<TimeProvider>(clock));
        var token = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        clock.Advance(TimeSpan.FromHours(1));
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var refreshing = host.Tokens.ValidationParameters.Clone();
        refreshing.ValidateLifetime = false;

        var checkedLifetime = await handler.ValidateTokenAsync(token, host.Tokens.ValidationParameters);
        var uncheckedLifetime = await handler.ValidateTokenAsync(token, refreshing);

        Assert.IsType<Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException>(checkedLifetime.Exception);
        Assert.True(uncheckedLifetime.IsValid);
    }

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

    [Fact]
    public async Task Refuse_the_token_of_a_user_the_store_no_longer_knows()
    {
        await using var host = await SessionTestHost.StartOnSqliteAsync();
        var gone = HubUser.Create("gone");
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(gone);
        }

        var token = await host.SignInAsync(gone);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "/whoami", token)).StatusCode);

        // Removed with their last tenant: no row is left, so the store reads the user as version 0 with nothing held.
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatrixDb>().Database.ExecuteSqlInterpolatedAsync($"DELETE FROM users WHERE id = {gone.Id}");
            scope.ServiceProvider.GetRequiredService<IPermissionEvaluator>().InvalidateUser(gone.Id);
        }

        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Get, "/whoami", token), MspHubProblemTypes.SessionOutdated);
    }
}
