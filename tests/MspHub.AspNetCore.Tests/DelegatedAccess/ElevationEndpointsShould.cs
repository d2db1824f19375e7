using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.DelegatedAccess;

/// <summary>
/// Just-in-time elevation over HTTP, in memory and over SQLite: Tom, who holds automs.view in Globex, asks for
/// automs.update for two hours; Gina, Globex's administrator, approves it through the approval endpoints; Tom repeats
/// the call with the approval and holds it, until Gina ends it. Every refusal is ProblemDetails, never a 500.
/// </summary>
public sealed class ElevationEndpointsShould
{
    private const string Elevations = "/hub/technician-access/elevations";
    private static readonly HubUser Gina = HubUser.Create("gina");

    private static async Task<SessionTestHost> StartAsync(bool sqlite)
    {
        var host = sqlite ? await SessionTestHost.StartOnSqliteAsync(hub => hub.AddOperationGates()) : await SessionTestHost.StartAsync(more: hub => hub.AddOperationGates());
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<IMspAccessManager>().AddUserAsync(Gina);
        var tenantSide = services.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = SessionTestHost.Globex.Id, Name = "Admin", Permissions = ["automs.view", TechnicianConsent.Permission] });
        await tenantSide.SetMemberAsync(SessionTestHost.Globex.Id, Gina.Id, ["Admin"]);
        return host;
    }

    private static JsonContent Body(string permission = "automs.update", string duration = "02:00:00", string reason = "restore the nightly sync") =>
        JsonContent.Create(new { permissions = new[] { permission }, duration, reason });

    private static async Task<bool> TomMayUpdateInGlobexAsync(SessionTestHost host)
    {
        var catalog = host.Services.GetRequiredService<PermissionCatalog>();
        return await host.Services.GetRequiredService<IPermissionEvaluator>().HasPermissionAsync(SessionTestHost.Tom.Id, SessionTestHost.Globex.Id, catalog.Id("automs.update"));
    }

    private static async Task<HttpResponseMessage> ActivateAsync(SessionTestHost host, string token, Guid requestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Elevations) { Content = Body() };
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.Add(OperationGateDefaults.ApprovalHeader, requestId.ToString());
        return await host.Client.SendAsync(request);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_wait_for_the_tenants_approval_activate_list_and_end_an_elevation(bool sqlite)
    {
        await using var host = await StartAsync(sqlite);
        var tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        var gina = await host.SignInAsync(Gina, SessionTestHost.Globex);

        var asked = await host.SendAsync(HttpMethod.Post, Elevations, tom, Body());

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var pending = await ProblemAssert.IsAsync(asked, MspHubProblemTypes.ApprovalRequired);
        var requestId = ((JsonElement)pending.Extensions["requestId"]!).GetGuid();
        Assert.Equal($"/hub/approvals/{requestId}", asked.Headers.Location!.OriginalString);
        Assert.False(await TomMayUpdateInGlobexAsync(host));

        // Tom cannot approve his own request; Gina can.
        var self = await host.SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", tom);
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        Assert.Equal("SelfApproval", ((JsonElement)(await ProblemAssert.IsAsync(self, MspHubProblemTypes.OperationRefused)).Extensions["refusal"]!).GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Post, $"/hub/approvals/{requestId}/approve", gina)).StatusCode);

        var activated = await ActivateAsync(host, tom, requestId);

        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var elevation = (await activated.Content.ReadFromJsonAsync<TechnicianElevation>())!;
        Assert.Equal((SessionTestHost.Tom.Id, "restore the nightly sync", TimeSpan.FromHours(2)), (elevation.UserId, elevation.Reason, elevation.ExpiresAt - elevation.ActivatedAt));
        Assert.True(await TomMayUpdateInGlobexAsync(host));

        // Tom's access changed: the token he asked with is outdated, and the approval is spent.
        await ProblemAssert.IsAsync(await ActivateAsync(host, tom, requestId), MspHubProblemTypes.SessionOutdated);
        var again = await ActivateAsync(host, await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex), requestId);
        Assert.Equal("AlreadyExecuted", ((JsonElement)(await ProblemAssert.IsAsync(again, MspHubProblemTypes.OperationRefused)).Extensions["refusal"]!).GetString());

        var listed = await (await host.SendAsync(HttpMethod.Get, Elevations, gina)).Content.ReadFromJsonAsync<List<ElevationEntry>>();
        var entry = Assert.Single(listed!);
        Assert.Equal(("tom", true, "restore the nightly sync"), (entry.TechnicianName, entry.IsActive, entry.Elevation.Reason));
        var access = await (await host.SendAsync(HttpMethod.Get, "/hub/technician-access", gina)).Content.ReadFromJsonAsync<List<DelegatedAccessEntry>>();
        Assert.Equal(["automs.update"], Assert.Single(access!).Elevation!.Permissions);

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}/elevation", gina)).StatusCode);
        Assert.False(await TomMayUpdateInGlobexAsync(host));
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}/elevation", gina), MspHubProblemTypes.NotFound);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Let_a_technician_end_their_own_elevation_and_no_one_elses(bool sqlite)
    {
        Action<MspHubBuilder> automated = hub => hub.AddOperationGates(o => o.Gate(GateOperations.AccessElevate, GateLevel.L0Automated));
        await using var host = sqlite ? await SessionTestHost.StartOnSqliteAsync(automated) : await SessionTestHost.StartAsync(more: automated);
        var tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Post, Elevations, tom, Body())).StatusCode);
        Assert.True(await TomMayUpdateInGlobexAsync(host));
        tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        var alice = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);

        // Alice holds no elevation in her tenant, and cannot reach Tom's in Globex at all.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, Elevations + "/mine", alice), MspHubProblemTypes.NotFound);
        var aliceNowhere = await host.SignInAsync(SessionTestHost.Alice);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, Elevations + "/mine", aliceNowhere, tenantHeader: "globex"), MspHubProblemTypes.TenantNotAvailable);
        Assert.True(await TomMayUpdateInGlobexAsync(host));

        Assert.Equal(HttpStatusCode.NoContent, (await host.SendAsync(HttpMethod.Delete, Elevations + "/mine", tom)).StatusCode);

        Assert.False(await TomMayUpdateInGlobexAsync(host));
        var again = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, Elevations + "/mine", again), MspHubProblemTypes.NotFound);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refuse_every_bad_ask_and_every_caller_but_the_tenants_admin_as_problems(bool sqlite)
    {
        await using var host = await StartAsync(sqlite);
        var tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        var alice = await host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);
        var tomNowhere = await host.SignInAsync(SessionTestHost.Tom);

        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(permission: TechnicianConsent.Permission)), MspHubProblemTypes.AccessRule);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(duration: "08:00:01")), MspHubProblemTypes.AccessRule);
        // Times are kept to the millisecond: a shorter elevation would end as it began, yet replace the one in force.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(duration: "00:00:00.0001")), MspHubProblemTypes.AccessRule);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(duration: "00:00:59")), MspHubProblemTypes.AccessRule);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(reason: " ")), MspHubProblemTypes.AccessRule);
        var controlled = await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(reason: "restore\u0007 the sync")), MspHubProblemTypes.AccessRule);
        Assert.StartsWith("An elevation's reason must be plain text", controlled.Detail, StringComparison.Ordinal);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(permission: "automs.launch")), MspHubProblemTypes.InvalidRequest);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, Body(duration: "two hours")), MspHubProblemTypes.InvalidRequest);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, new StringContent("{}", System.Text.Encoding.UTF8, "application/json")), MspHubProblemTypes.InvalidRequest);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tom, new StringContent("x")), MspHubProblemTypes.UnsupportedMediaType);

        // A member of a tenant holds no grant to elevate; Tom cannot even enter a tenant where he holds none.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, alice, Body(permission: "automs.view")), MspHubProblemTypes.AccessRule);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Post, Elevations, tomNowhere, Body(), tenantHeader: "acme"), MspHubProblemTypes.TenantNotAvailable);

        // The technician is not the tenant: he neither lists nor ends elevations.
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Get, Elevations, tom), MspHubProblemTypes.PermissionRequired);
        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Delete, $"/hub/technician-access/{SessionTestHost.Tom.Id}/elevation", tom), MspHubProblemTypes.PermissionRequired);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.SendAsync(HttpMethod.Post, Elevations, token: null, Body())).StatusCode);

        using var scope = host.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IOperationApprovals>().ListAsync(SessionTestHost.Globex.Id));
        Assert.False(await TomMayUpdateInGlobexAsync(host));
    }

    // The approver's summary is cut to fit; cut inside an emoji it would keep half of it, which PostgreSQL refuses to store.
    [PostgresFact]
    public async Task Cut_the_approvers_summary_between_characters_on_PostgreSQL()
    {
        await using var host = await SessionTestHost.StartOnPostgresAsync(hub => hub.AddOperationGates());
        var tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        // "automs.update, automs.delete, automs.create for 02:00:00: " is 58 characters; the emoji takes the 255th and 256th.
        var reason = new string('x', 196) + "\U0001F680" + "ok";
        var body = JsonContent.Create(new { permissions = new[] { "automs.update", "automs.delete", "automs.create" }, duration = "02:00:00", reason });

        var asked = await host.SendAsync(HttpMethod.Post, Elevations, tom, body);

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var requestId = ((JsonElement)(await ProblemAssert.IsAsync(asked, MspHubProblemTypes.ApprovalRequired)).Extensions["requestId"]!).GetGuid();
        using var scope = host.Services.CreateScope();
        var request = (await scope.ServiceProvider.GetRequiredService<IOperationApprovals>().FindAsync(SessionTestHost.Globex.Id, requestId))!;
        Assert.EndsWith("xx…", request.Summary, StringComparison.Ordinal);
        Assert.Equal(ApprovalRequest.MaxSummaryLength - 1, request.Summary!.Length);
    }

    [Fact]
    public async Task Leave_the_elevation_endpoints_unmapped_without_operation_gates()
    {
        await using var host = await SessionTestHost.StartAsync();
        var tom = await host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await host.SendAsync(HttpMethod.Post, Elevations, tom, Body())).StatusCode);
    }
}
