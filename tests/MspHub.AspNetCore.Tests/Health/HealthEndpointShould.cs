// docs: operations.md#health-checks
using MspHub;

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
    private static async Task<WebApplication> StartAsync(Licence? licence)
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore().AddLicensing(TestLicences.Install(licence)));
        // docs: operations.md#health-checks
        builder.Services.AddHealthChecks().AddMspHubHealthChecks();
        // ...
        // end docs
        var app = builder.Build();
        // docs: operations.md#health-checks
        app.MapHealthChecks("/healthz");
        // end docs
        // docs: operations.md#health-checks tag
        app.MapHealthChecks("/healthz/msphub", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(MspHubHealthChecksBuilderExtensions.Tag),
        });
        // end docs
        await app.StartAsync();
        return app;
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/msphub")]
    public async Task Answer_healthy_for_a_licensed_host(string path)
    {
        await using var app = await StartAsync(TestLicences.Licence());

        var response = await app.GetTestClient().GetAsync(new Uri(path, UriKind.Relative));

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
