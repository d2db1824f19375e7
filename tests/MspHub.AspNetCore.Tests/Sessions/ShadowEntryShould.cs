using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Sessions;

/// <summary>
/// Shadow memberships follow their reason: Sam, a technician of the admin tenancy, enters Globex through his
/// shadow only while he stays an active technician there. List, switch and entry all refuse on the next request.
/// </summary>
public sealed class ShadowEntryShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public enum Change
    {
        RemovedFromAdminTenancy,
        Demoted,
        Deactivated,
    }

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(Change.RemovedFromAdminTenancy)]
    [InlineData(Change.Demoted)]
    [InlineData(Change.Deactivated)]
    public async Task End_with_removal_demotion_or_deactivation_on_the_next_request(Change change)
    {
        var sam = SessionTestHost.Sam;
        var inGlobex = await _host.SignInAsync(sam, SessionTestHost.Globex);
        var signedIn = await _host.SignInAsync(sam);
        Assert.Equal("globex", await (await _host.SendAsync(HttpMethod.Get, "/whoami", inGlobex)).Content.ReadAsStringAsync());
        Assert.Contains("globex", await TenantSlugsAsync(signedIn));
        Assert.Equal(HttpStatusCode.OK, (await SwitchAsync(signedIn, "globex")).StatusCode);

        using (var scope = _host.Services.CreateScope())
        {
            var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
            await (change switch
            {
                Change.RemovedFromAdminTenancy => msp.RemoveMembershipAsync(sam.Id, SessionTestHost.Hq.Id),
                Change.Demoted => msp.SetSystemRoleAsync(sam.Id, SystemRole.None),
                _ => msp.SetActiveAsync(sam.Id, false),
            });
        }

        // The tokens issued before the change are outdated; a deactivated user gets no new one at all.
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.SendAsync(HttpMethod.Get, "/whoami", inGlobex)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await SwitchAsync(signedIn, "globex")).StatusCode);
        if (change != Change.Deactivated)
        {
            var fresh = await _host.SignInAsync(sam);
            Assert.DoesNotContain("globex", await TenantSlugsAsync(fresh));
            Assert.Equal(HttpStatusCode.Forbidden, (await SwitchAsync(fresh, "globex")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, "/whoami", fresh, tenantHeader: "globex")).StatusCode);
        }
    }

    [Fact]
    public async Task Never_let_a_plain_user_of_the_admin_tenancy_in_through_a_shadow()
    {
        var paul = HubUser.Create("paul");
        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(paul);
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().SaveMembershipAsync(new Membership { UserId = paul.Id, TenantId = SessionTestHost.Hq.Id });
            Assert.Equal([paul.Id], await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddShadowMembershipsAsync(SessionTestHost.Globex.Id));
        }

        var token = await _host.SignInAsync(paul);

        Assert.Equal(["hq"], await TenantSlugsAsync(token));
        Assert.Equal(HttpStatusCode.Forbidden, (await SwitchAsync(token, "globex")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, "/whoami", token, tenantHeader: "globex")).StatusCode);
    }

    [Fact]
    public async Task Let_a_technician_in_through_a_shadow_with_no_permission_there()
    {
        var tenants = await TenantSlugsAndPermissionsAsync(await _host.SignInAsync(SessionTestHost.Sam));

        Assert.Empty(tenants["globex"]);
    }

    private Task<HttpResponseMessage> SwitchAsync(string token, string tenant) =>
        _host.SendAsync(HttpMethod.Post, "/hub/session/switch", token, JsonContent.Create(new SwitchTenantRequest(tenant)));

    private async Task<List<string>> TenantSlugsAsync(string token) => [.. (await TenantSlugsAndPermissionsAsync(token)).Keys];

    private async Task<Dictionary<string, IReadOnlyList<string>>> TenantSlugsAndPermissionsAsync(string token)
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PagedResult<SessionTenant>>())!.Items.ToDictionary(t => t.Slug, t => t.Permissions);
    }
}
