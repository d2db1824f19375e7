using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The OpenTelemetry set-up and the cache lifetime of docs/operations.md, as the page shows them (the marked regions).</summary>
public sealed class OperationsPageShould
{
    [Fact]
    public async Task Serve_MspHubs_metrics_to_prometheus()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Tenant.Create("contoso", "Contoso Ltd"))
            .ResolveTenantFrom(r => r.Header("X-Tenant")));
        // docs: operations.md#metrics-and-traces prometheus
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(MspHubDiagnostics.Name)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing.AddSource(MspHubDiagnostics.Name));
        // ...
        // end docs
        await using var app = builder.Build();
        app.UseMspHub();
        app.MapGet("/", async (HttpContext context, ITenantResolver<HttpContext> resolver) =>
            (await resolver.ResolveAsync(context, context.RequestAborted)).Outcome.ToString()).SkipTenantResolution();
        // docs: operations.md#metrics-and-traces prometheus
        app.MapPrometheusScrapingEndpoint().SkipTenantResolution(); // GET /metrics, whatever tenant a header or host name names
        // end docs
        await app.StartAsync();
        using var client = app.GetTestClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Tenant", "contoso");
        Assert.Equal("Resolved", await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Add("X-Tenant", "contoso");
        var scraped = await client.SendAsync(scrape);

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("msphub_tenant_resolutions", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Shorten_the_tenant_cache_where_a_lost_announcement_must_not_linger()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMspHub(hub =>
        {
            hub.AddInMemoryTenantStore();
            // docs: operations.md#redis lifetime
            hub.Configure(o => o.TenantCache.Duration = TimeSpan.FromMinutes(1));
            // end docs
        });

        using var host = builder.Build();

        Assert.Equal(TimeSpan.FromMinutes(1), host.Services.GetRequiredService<IOptions<MspHubOptions>>().Value.TenantCache.Duration);
    }
}
