using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace MspHub.AspNetCore.Tests.Resolution;

public sealed class UseMspHubSetupShould
{
    private static WebApplication Build(Action<MspHubBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddMspHub(hub => configure(hub.AddInMemoryTenantStore()));
        return builder.Build();
    }

    [Fact]
    public async Task Refuse_at_start_a_pipeline_whose_resolution_has_no_entry_check()
    {
        // A delegate in a variable binds to the transport-agnostic overload, which registers no entry check.
        Action<TenantResolutionBuilder<HttpContext>> strategies = r => r.Header("X-Tenant");
        await using var app = Build(hub => hub.ResolveTenantFrom(strategies));

        var refused = Assert.Throws<InvalidOperationException>(() => app.UseMspHub());

        Assert.Contains("MspHubBuilderAspNetCoreExtensions.ResolveTenantFrom(hub, configure)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_the_http_resolution_however_the_strategies_are_passed()
    {
        Action<TenantResolutionBuilder<HttpContext>> strategies = r => r.Header("X-Tenant");
        await using var fromVariable = Build(hub => MspHubBuilderAspNetCoreExtensions.ResolveTenantFrom(hub, strategies));
        await using var fromLambda = Build(hub => hub.ResolveTenantFrom(r => r.Header("X-Tenant")));

        Assert.Same(fromVariable, fromVariable.UseMspHub());
        Assert.Same(fromLambda, fromLambda.UseMspHub());
    }
}
