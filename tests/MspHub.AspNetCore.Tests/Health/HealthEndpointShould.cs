// docs: operations.md#health-checks
using MspHub;
using MspHub.AspNetCore;

// end docs
// docs: operations.md#health-checks tag
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// end docs
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MspHub.Licensing;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Health;

/// <summary>The endpoints docs/operations.md maps, over HTTP: an orchestrator sees the licence and the store.</summary>
public class HealthEndpointShould
{
    // Tenants are named by host, as acme.hub.test: a probe of an instance behind that name names acme too.
    private static async Task<WebApplication> StartAsync(Licence? licence)
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Tenant.Create("acme", "Acme"))
            .AddInMemoryAccessStore()
            .ResolveTenantFrom(r => r.Host("{tenant}.hub.test"))
            .AddLicensing(TestLicences.Install(licence)));
        // docs: operations.md#health-checks
        builder.Services.AddHealthChecks().AddMspHubHealthChecks();
        // ...
        // end docs
        var app = builder.Build();
        app.UseAuthentication();
        app.UseMspHub();
        // docs: operations.md#health-checks
        app.MapHealthChecks("/healthz").SkipTenantResolution();   // probes sign in nowhere, and need no tenant
        // end docs
        // docs: operations.md#health-checks tag
        app.MapHealthChecks("/healthz/msphub", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(MspHubHealthChecksBuilderExtensions.Tag),
        }).SkipTenantResolution();
        // end docs
        await app.StartAsync();
        return app;
    }

    [Theory]
    [InlineData("/healthz", "localhost")]
    [InlineData("/healthz/msphub", "localhost")]
    [InlineData("/healthz", "acme.hub.test")]
    [InlineData("/healthz/msphub", "acme.hub.test")]
    public async Task Answer_healthy_for_a_licensed_host_to_an_anonymous_probe_on_any_host_name(string path, string host)
    {
        await using var app = await StartAsync(TestLicences.Licence());
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;

        var response = await app.GetTestClient().SendAsync(request);

        Assert.Equal((HttpStatusCode.OK, "Healthy"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Answer_503_for_an_unlicensed_host()
    {
        await using var app = await StartAsync(licence: null);

        var response = await app.GetTestClient().GetAsync(new Uri("/healthz/msphub", UriKind.Relative));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }
}
