using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Sessions;

/// <summary>
/// Two nodes of one hub sharing one access store, each with its own permission cache: the access version in
/// the token makes a change on one node count on the other as soon as a token issued after it arrives.
/// </summary>
public sealed class AccessVersionShould : IAsyncLifetime
{
    private SessionTestHost _node1 = null!;
    private SessionTestHost _node2 = null!;

    public async Task InitializeAsync()
    {
        _node1 = await SessionTestHost.StartAsync();
        _node2 = await SessionTestHost.StartAsync(sharedAccess: (InMemoryAccessStore)_node1.Services.GetService(typeof(InMemoryAccessStore))!);
    }

    public async Task DisposeAsync()
    {
        await _node2.DisposeAsync();
        await _node1.DisposeAsync();
    }

    [Fact]
    public async Task Carry_the_users_access_version_and_raise_it_with_every_access_change()
    {
        var before = new JsonWebToken(await _node1.SignInAsync(SessionTestHost.Tom)).GetClaim(MspHubClaimTypes.AccessVersion).Value;
        using (var scope = _node1.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(SessionTestHost.Tom.Id, SessionTestHost.Acme.Id, ["automs.view"]);
        }

        var after = new JsonWebToken(await _node1.SignInAsync(SessionTestHost.Tom)).GetClaim(MspHubClaimTypes.AccessVersion).Value;
        Assert.True(long.Parse(after, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(before, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Refuse_a_token_issued_before_a_change_made_on_another_node_once_a_newer_token_is_seen()
    {
        var old = await _node1.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        Assert.Equal(HttpStatusCode.OK, (await _node2.SendAsync(HttpMethod.Get, "/whoami", old)).StatusCode);

        // Node 1 grants Tom a tenant: his access version rises; node 2's cache still holds the old one.
        using (var scope = _node1.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(SessionTestHost.Tom.Id, SessionTestHost.Acme.Id, ["automs.view"]);
        }

        var fresh = await _node1.SignInAsync(SessionTestHost.Tom, SessionTestHost.Acme);
        Assert.Equal("acme", await (await _node2.SendAsync(HttpMethod.Get, "/whoami", fresh)).Content.ReadAsStringAsync());

        var outdated = await _node2.SendAsync(HttpMethod.Get, "/whoami", old);
        Assert.Equal(HttpStatusCode.Unauthorized, outdated.StatusCode);
        Assert.Equal("Session outdated", (await outdated.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        Assert.Contains("invalid_token", outdated.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
