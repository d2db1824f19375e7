using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.DelegatedAccess;

/// <summary>
/// A client tenant's oversight of the MSP's technicians over HTTP, in memory and over SQLite: Globex requires consent,
/// and the MSP asks to widen Tom's grant there. Globex's own administrators see it, answer it and revoke; a technician,
/// the MSP, another tenant's administrator or a plain member cannot, and each refusal is ProblemDetails.
/// </summary>
public sealed class TechnicianAccessEndpointsShould
{
    private static readonly HubUser Gina = HubUser.Create("gina");
    private static readonly HubUser Gus = HubUser.Create("gus");
    private static readonly HubUser Abe = HubUser.Create("abe");

    private sealed record Setup(SessionTestHost Host, TechnicianGrantRequest Request) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    [Fact]
    public void Refuse_to_map_the_endpoints_when_the_consent_permission_is_not_declared()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore([]).AddPermissions(p => p.Resource("automs").Action("view")));
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapTechnicianAccess());

        Assert.Contains("'access.consent', which is not declared", error.Message, StringComparison.Ordinal);
    }

    // Gina and Gus administer Globex, Abe administers Acme; Tom holds automs.view in Globex and the MSP asks for automs.update too.
    private static async Task<Setup> StartAsync(bool sqlite)
    {
        var host = sqlite ? await SessionTestHost.StartOnSqliteAsync() : await SessionTestHost.StartAsync();
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        foreach (var user in new[] { Gina, Gus, Abe })
        {
            await services.GetRequiredService<IMspAccessManager>().AddUserAsync(user);
        }

        var tenantSide = services.GetRequiredService<ITenantAccessManager>();
        foreach (var (tenant, admins) in new[] { (SessionTestHost.Globex, new[] { Gina, Gus }), (SessionTestHost.Acme, new[] { Abe }) })
        {
            await tenantSide.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Admin", Permissions = ["automs.view", TechnicianConsent.Permission] });
            foreach (var admin in admins)
            {
                await tenantSide.SetMemberAsync(tenant.Id, admin.Id, ["Admin"]);
            }
        }

        await services.GetRequiredService<ITenantSettings>().SetAsync(SessionTestHost.Globex.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
        var request = await services.GetRequiredService<IMspAccessManager>().GrantAsync(
            SessionTestHost.Tom.Id, SessionTestHost.Globex.Id, ["automs.view", "automs.update"], DateTimeOffset.UtcNow.AddDays(1));
        return new Setup(host, request!);
    }

    private static async Task<bool> TomMayUpdateInGlobexAsync(SessionTestHost host)
    {
        var catalog = host.Services.GetRequiredService<PermissionCatalog>();
        return await host.Services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(SessionTestHost.Tom.Id, SessionTestHost.Globex.Id, catalog.Id("automs.update"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_what_the_msp_holds_and_what_waits_then_approve_it_as_the_signed_in_admin(bool sqlite)
    {
        await using var setup = await StartAsync(sqlite);
        var host = setup.Host;
        var gina = await host.SignInAsync(Gina, SessionTestHost.Globex);
        var tomBefore = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);

        var listed = await (await host.SendAsync(HttpMethod.Get, "/hub/technician-access", gina)).Content.ReadFromJsonAsync<List<DelegatedAccessEntry>>();
        Assert.Equal(
            [("tom", false, "automs.view", (Guid?)null), ("tom", true, "automs.view,automs.update", setup.Request.Id)],
            listed!.Select(e => (e.TechnicianName, e.IsPending, string.Join(",", e.Permissions), e.RequestId)));
        Assert.False(await TomMayUpdateInGlobexAsync(host));

        var approved = await host.SendAsync(HttpMethod.Post, $"/hub/technician-access/requests/{setup.Request.Id}/approve", gina);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var grant = (await approved.Content.ReadFromJsonAsync<TechnicianGrant>())!;
        Assert.Equal((SessionTestHost.Tom.Id, setup.Request.ExpiresAt), (grant.UserId, grant.ExpiresAt));
        Assert.True(await TomMayUpdateInGlobexAsync(host));

        // Tom's access changed: the token he held before is refused from his next request.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Get, "/whoami", tomBefore), MspHubProblemTypes.SessionOutdated);
        var again = await host.SendAsync(HttpMethod.Post, $"/hub/technician-access/requests/{setup.Request.Id}/approve", gina);
        await ProblemAssert.IsAsync(again, MspHubProblemTypes.GrantRequestNotAvailable);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refuse_every_caller_but_the_tenants_own_admin_and_leave_the_request_pending(bool sqlite)
    {
        await using var setup = await StartAsync(sqlite);
        var host = setup.Host;
        var approve = $"/hub/technician-access/requests/{setup.Request.Id}/approve";
        var decline = $"/hub/technician-access/requests/{setup.Request.Id}/decline";
        var tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        var mia = await host.SignInAsync(SessionTestHost.Mia, SessionTestHost.Globex);
        var abeInAcme = await host.SignInAsync(Abe, SessionTestHost.Acme);
        var abeNowhere = await host.SignInAsync(Abe);
        var alice = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);

        // A technician never holds the consent permission, whatever the MSP grants.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, approve, tom), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Get, "/hub/technician-access", tom), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}", tom), MspHubProblemTypes.PermissionRequired);

        // The MSP holds every permission by its role, but its access is what is consented to.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, approve, mia), MspHubProblemTypes.AccessRule);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, decline, mia), MspHubProblemTypes.AccessRule);

        // Another tenant's admin: the gate keeps them out of Globex; in their own tenant, Globex's request is not there.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, approve, abeNowhere, tenantHeader: "globex"), MspHubProblemTypes.TenantNotAvailable);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, approve, abeInAcme, tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, approve, abeInAcme), MspHubProblemTypes.GrantRequestNotAvailable);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, decline, abeInAcme), MspHubProblemTypes.GrantRequestNotAvailable);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}", abeInAcme), MspHubProblemTypes.NotFound);

        // A plain member, and no one at all.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, approve, alice), MspHubProblemTypes.PermissionRequired);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.SendAsync(HttpMethod.Post, approve, token: null)).StatusCode);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, approve, token: null, tenantHeader: "globex"), MspHubProblemTypes.AuthenticationRequired);

        Assert.False(await TomMayUpdateInGlobexAsync(host));
        using var scope = host.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindGrantRequestAsync(setup.Request.Id);
        Assert.Equal(TechnicianGrantRequestState.Pending, stored!.State);
        var grant = await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindGrantAsync(SessionTestHost.Tom.Id, SessionTestHost.Globex.Id);
        Assert.Equal(["automs.view"], grant!.Permissions);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Let_one_of_two_admins_approving_at_once_win(bool sqlite)
    {
        await using var setup = await StartAsync(sqlite);
        var host = setup.Host;
        var tokens = new[] { await host.SignInAsync(Gina, SessionTestHost.Globex), await host.SignInAsync(Gus, SessionTestHost.Globex) };

        var answers = await Task.WhenAll(tokens.Select(token => host.SendAsync(HttpMethod.Post, $"/hub/technician-access/requests/{setup.Request.Id}/approve", token)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], answers.Select(a => a.StatusCode).Order());
        await ProblemAssert.IsAsync(answers.Single(a => a.StatusCode == HttpStatusCode.NotFound), MspHubProblemTypes.GrantRequestNotAvailable);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Decline_a_request_and_revoke_the_grant_from_the_tenant_side(bool sqlite)
    {
        await using var setup = await StartAsync(sqlite);
        var host = setup.Host;
        var gina = await host.SignInAsync(Gina, SessionTestHost.Globex);
        var tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Post, $"/hub/technician-access/requests/{setup.Request.Id}/decline", gina)).StatusCode);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, "/hub/technician-access/requests/not-an-id/approve", gina), MspHubProblemTypes.GrantRequestNotAvailable);
        Assert.Equal("globex", await (await host.SendAsync(HttpMethod.Get, "/whoami", tom)).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}", gina)).StatusCode);

        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Get, "/whoami", tom), MspHubProblemTypes.SessionOutdated);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}", gina), MspHubProblemTypes.NotFound);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, "/hub/technician-access/not-an-id", gina), MspHubProblemTypes.NotFound);
        Assert.Empty((await (await host.SendAsync(HttpMethod.Get, "/hub/technician-access", gina)).Content.ReadFromJsonAsync<List<DelegatedAccessEntry>>())!);
        var fresh = await host.SendAsync(HttpMethod.Post, "/hub/session/switch", await host.SignInAsync(SessionTestHost.Tom), JsonContent.Create(new SwitchTenantRequest("globex")));
        await ProblemAssert.IsAsync(fresh, MspHubProblemTypes.TenantNotAvailable);
    }

    // Only a store that keeps the tenant tree has descendants, so this runs over SQLite: Acme gets a site, Abe is admin of
    // Acme's subtree, and the MSP gives Tom a subtree grant at Acme.
    [Fact]
    public async Task List_a_grant_given_at_the_parent_as_inherited_in_a_site_and_refuse_to_revoke_it_there()
    {
        await using var setup = await StartAsync(sqlite: true);
        var host = setup.Host;
        Tenant site;
        using (var scope = host.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            site = await services.GetRequiredService<ITenantLifecycle>().CreateAsync("acme-site", "Acme site", SessionTestHost.Acme.Id);
            await services.GetRequiredService<ITenantAccessManager>().SetMemberAsync(SessionTestHost.Acme.Id, Abe.Id, ["Admin"], includesDescendants: true);
            Assert.Null(await services.GetRequiredService<IMspAccessManager>().GrantSubtreeAsync(SessionTestHost.Tom.Id, SessionTestHost.Acme.Id, ["automs.view"], expiresAt: null));
        }

        var abe = await host.SignInAsync(Abe, site);

        var response = await host.SendAsync(HttpMethod.Get, "/hub/technician-access", abe);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains($"\"inheritedFrom\":\"{SessionTestHost.Acme.Id}\"", json, StringComparison.Ordinal);
        var listed = await response.Content.ReadFromJsonAsync<List<DelegatedAccessEntry>>();
        Assert.Equal([("tom", false, "automs.view", (Guid?)SessionTestHost.Acme.Id)], listed!.Select(e => (e.TechnicianName, e.IsPending, string.Join(",", e.Permissions), e.InheritedFrom)));

        // At Acme the same grant is Acme's own.
        var inAcme = await (await host.SendAsync(HttpMethod.Get, "/hub/technician-access", await host.SignInAsync(Abe, SessionTestHost.Acme))).Content.ReadFromJsonAsync<List<DelegatedAccessEntry>>();
        Assert.Equal([("tom", (Guid?)null)], inAcme!.Select(e => (e.TechnicianName, e.InheritedFrom)));

        var revoke = await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}", abe);
        var problem = await ProblemAssert.IsAsync(revoke, MspHubProblemTypes.AccessRule);
        Assert.Contains(SessionTestHost.Acme.Id.ToString(), problem.Detail, StringComparison.Ordinal);
        var catalog = host.Services.GetRequiredService<PermissionCatalog>();
        Assert.True(await host.Services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(SessionTestHost.Tom.Id, site.Id, catalog.Id("automs.view")));
    }
}
