using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MspHub.Licensing;

namespace MspHub.Licensing.Tests.Health;

public class LicenceHealthCheckShould
{
    private static async Task<HealthReport> CheckAsync(Licence? licence)
    {
        var services = new ServiceCollection().AddLogging();
        // Health checks first: the licence check still joins when licensing is added after them.
        services.AddHealthChecks().AddMspHubHealthChecks();
        services.AddMspHub(hub => hub.AddInMemoryTenantStore().AddLicensing(TestLicences.Install(licence)));
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    [Fact]
    public async Task Report_healthy_with_the_licensee_when_licensed()
    {
        var report = await CheckAsync(TestLicences.Licence());

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.StartsWith("Licensed to Northwind MSP", report.Entries["msphub-licence"].Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, report.Entries[MspHubHealthChecksBuilderExtensions.StoreCheckName].Status);
    }

    [Fact]
    public async Task Report_unhealthy_with_the_reason_when_unlicensed()
    {
        var expired = TestLicences.Licence() with { IssuedAt = DateTimeOffset.UtcNow.AddDays(-60), ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) };

        var report = await CheckAsync(expired);

        var entry = report.Entries["msphub-licence"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith($"Unlicensed ({LicenceProblem.Expired})", entry.Description, StringComparison.Ordinal);
        Assert.Contains(MspHubHealthChecksBuilderExtensions.Tag, entry.Tags);
    }
}
