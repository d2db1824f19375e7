namespace MspHub.Abstractions.Tests;

public class PackageLayeringShould
{
    [Fact]
    public void Keep_Abstractions_free_of_EF_Core_ASP_NET_Core_and_the_other_packages() =>
        Assert.Empty(Layering.ForbiddenReferences(
            "MspHub.Abstractions",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.IdentityModel", "MspHub."));

    // Health checks are Microsoft.Extensions, not ASP.NET Core: AddMspHubHealthChecks() serves workers and web hosts alike.
    // So are metrics: AddMetrics() comes from Microsoft.Extensions.Diagnostics (IMeterFactory is in the runtime), never OpenTelemetry.
    [Fact]
    public void Reference_only_the_DI_options_logging_metrics_and_health_check_packages_outside_the_runtime()
    {
        var references = typeof(ITenancy).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(name => name.StartsWith("Microsoft.", StringComparison.Ordinal))
            .Order()
            .ToList();

        Assert.Equal(
            [
                "Microsoft.Extensions.DependencyInjection.Abstractions",
                "Microsoft.Extensions.Diagnostics",
                "Microsoft.Extensions.Diagnostics.HealthChecks",
                "Microsoft.Extensions.Diagnostics.HealthChecks.Abstractions",
                "Microsoft.Extensions.Logging.Abstractions",
                "Microsoft.Extensions.Options",
            ],
            references);
    }
}
