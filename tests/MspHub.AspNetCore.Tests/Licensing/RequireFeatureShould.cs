using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using MspHub.Licensing;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Licensing;

public sealed class RequireFeatureShould : IAsyncLifetime
{
    private LicensedHost _host = null!;

    public async Task InitializeAsync() => _host = await LicensedHost.StartAsync(TestLicences.Licence(features: ["vault"]));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Serve_a_feature_that_is_licensed_and_on_for_the_active_tenant()
    {
        var response = await _host.SendAsync(HttpMethod.Get, "/vault", LicensedHost.Acme);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Hide_a_feature_switched_off_for_the_tenant_at_once_and_show_it_again_when_switched_on()
    {
        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantFeatures>().SetAsync(LicensedHost.Acme.Id, "vault", enabled: false);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Get, "/vault", LicensedHost.Acme)).StatusCode);

        using (var scope = _host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantFeatures>().SetAsync(LicensedHost.Acme.Id, "vault", enabled: true);
        }

        var shown = await _host.SendAsync(HttpMethod.Get, "/vault", LicensedHost.Acme);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("smtp-password", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/vault", "globex", "vault")]
    [InlineData("/billing", "acme", "billing")]
    [InlineData("/vault", null, "vault")]
    [InlineData("/vault", "no-such-tenant", "vault")]
    public async Task Answer_403_problem_details_naming_the_feature_when_it_is_off(string path, string? tenant, string feature)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Test-Tenant", tenant);
        }

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Feature not available", problem!.Title);
        Assert.Equal(feature, problem.Extensions["feature"]?.ToString());
        Assert.DoesNotContain("smtp-password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenge_anonymous_callers_before_checking_features()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/vault");
        request.Headers.Add("X-Test-Tenant", "acme");
        _host.Client.DefaultRequestHeaders.Remove("X-Test-User");

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
