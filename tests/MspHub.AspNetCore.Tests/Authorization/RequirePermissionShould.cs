using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Authorization;

public sealed class RequirePermissionShould : IAsyncLifetime
{
    private readonly HubUser _admin = HubUser.Create("admin", SystemRole.MspAdmin);
    private readonly HubUser _tech = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _agent = HubUser.Create("agent");
    private PermissionTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await PermissionTestHost.StartAsync();
        var store = _host.Services.GetRequiredService<InMemoryAccessStore>();
        foreach (var user in new[] { _admin, _tech, _agent })
        {
            await store.AddUserAsync(user);
        }

        using var scope = _host.Services.CreateScope();
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = _host.A.Id, Name = "Agent", Permissions = ["automs.view"] });
        await tenantSide.SetMemberAsync(_host.A.Id, _agent.Id, ["Agent"]);
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(_tech.Id, _host.A.Id, ["automs.view", "vault.view"]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Answer_401_ProblemDetails_to_anonymous_requests()
    {
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/automs", null, _host.A), MspHubProblemTypes.AuthenticationRequired);
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/api/vault", null, _host.A), MspHubProblemTypes.AuthenticationRequired);
    }

    [Fact]
    public async Task Let_a_member_do_what_their_role_allows_on_endpoints_groups_and_controllers()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Get, "/automs", _agent, _host.A)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Get, "/api/vault", _tech, _host.A)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _host.SendAsync(HttpMethod.Delete, "/admin/automs/42", _admin, _host.B)).StatusCode);
    }

    [Fact]
    public async Task Answer_403_ProblemDetails_naming_only_the_missing_permission()
    {
        var response = await _host.SendAsync(HttpMethod.Delete, "/admin/automs/42", _agent, _host.A);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("automs.delete", problem.RootElement.GetProperty("permission").GetString());
        Assert.DoesNotContain("tenant-a", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.A.Id.ToString(), body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, "/api/vault", _agent, _host.A)).StatusCode);
    }

    [Fact]
    public async Task Refuse_requests_with_no_tenant_in_context()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/automs", _admin, null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Count_and_audit_a_technicians_attempt_in_a_tenant_not_assigned_to_them()
    {
        using var denials = new MetricCollector<long>(
            _host.Services.GetRequiredService<IMeterFactory>(), MspHubDiagnostics.Name, MspHubDiagnostics.AccessDeniedCounter);

        var response = await _host.SendAsync(HttpMethod.Get, "/automs", _tech, _host.B);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var denial = Assert.Single(denials.GetMeasurementSnapshot(), m => Equals(m.Tags["permission"], "automs.view"));
        Assert.Equal(1, denial.Value);
        Assert.Equal(new Dictionary<string, object?> { ["permission"] = "automs.view", ["cross_tenant"] = true }, denial.Tags);
        var audit = _host.Services.GetRequiredService<RecordingAuditHook>();
        Assert.Contains(audit.Records, r => r.Action == AuditActions.CrossTenantAccessDenied && r.TenantId == _host.B.Id && r.Actor == AuditActor.User(_tech.Id) && r.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Deny_a_technicians_very_next_request_after_the_tenant_is_taken_away()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(HttpMethod.Get, "/automs", _tech, _host.A)).StatusCode);

        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_tech.Id, _host.A.Id);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, "/automs", _tech, _host.A)).StatusCode);
    }
}
