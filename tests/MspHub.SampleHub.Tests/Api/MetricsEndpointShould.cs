using System.Net;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Api;

/// <summary>The sample hub's OpenTelemetry wiring: MspHub's instruments scraped from /metrics in Prometheus format.</summary>
public sealed class MetricsEndpointShould : IAsyncLifetime
{
    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Serve_msphub_metrics_in_prometheus_format_after_a_request()
    {
        using var tina = await _hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        Assert.Equal(HttpStatusCode.OK, (await tina.GetAsync("/api/automs")).StatusCode);

        var response = await _hub.Client.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE msphub_tenant_resolutions_total counter", body, StringComparison.Ordinal);
        Assert.Matches(@"msphub_tenant_resolutions_total\{[^}]*outcome=""resolved""[^}]*\} [1-9]", body);
    }
}
