using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Diagnostics;

/// <summary>
/// The refusal metrics count what the operations page says they count, whichever check refused: an outdated token
/// (refused by authentication, before the tenant gate sees anything but an anonymous caller) as <c>outdated</c>, and a
/// service's own permission check (branding here) as a denial of its permission, once each.
/// </summary>
public sealed class RefusalMetricsShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Count_an_outdated_token_as_outdated_once_per_request()
    {
        using var refusals = new MetricCollector<long>(
            _host.Services.GetRequiredService<IMeterFactory>(), MspHubDiagnostics.Name, MspHubDiagnostics.EntryRefusalsCounter);
        var old = await _host.SignInAsync(SessionTestHost.Tom, SessionTestHost.Globex);
        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(SessionTestHost.Tom.Id, SessionTestHost.Globex.Id);
        }

        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/whoami", old, tenantHeader: "globex"), MspHubProblemTypes.SessionOutdated);
        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/hub/session/tenants", old), MspHubProblemTypes.SessionOutdated);

        Assert.Equal(["outdated", "outdated"], refusals.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!));
    }

    [Fact]
    public async Task Count_a_services_own_permission_refusal_like_a_policys()
    {
        using var denials = new MetricCollector<long>(
            _host.Services.GetRequiredService<IMeterFactory>(), MspHubDiagnostics.Name, MspHubDiagnostics.AccessDeniedCounter);
        var alice = await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme);

        var refused = await _host.SendAsync(HttpMethod.Put, "/hub/branding", alice, JsonContent.Create(new { title = "Acme" }));

        await ProblemAssert.IsAsync(refused, MspHubProblemTypes.PermissionRequired);
        var denial = Assert.Single(denials.GetMeasurementSnapshot());
        Assert.Equal(new Dictionary<string, object?> { ["permission"] = "branding.update", ["cross_tenant"] = false }, denial.Tags);
    }
}
