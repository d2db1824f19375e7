using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Resolution;

/// <summary>
/// A session token names its tenant whether or not the host resolves tenants from it: with the header strategy alone,
/// a token for Acme sent with a header naming Globex is refused as conflicting, never run in Globex.
/// </summary>
public sealed class TokenTenantShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SessionTestHost.StartAsync(more: hub => hub.Services.Configure<TenantResolutionOptions<HttpContext>>(o =>
        {
            foreach (var claim in o.Strategies.Where(s => s.Name == "claim").ToList())
            {
                o.Strategies.Remove(claim);
            }
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Refuse_a_token_for_one_tenant_with_a_header_naming_another_when_only_the_header_resolves()
    {
        Assert.DoesNotContain(_host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TenantResolutionOptions<HttpContext>>>().Value.Strategies, s => s.Name == "claim");
        var mia = await _host.SignInAsync(SessionTestHost.Mia, SessionTestHost.Acme);

        await ProblemAssert.IsAsync(await _host.SendAsync(HttpMethod.Get, "/whoami", mia, tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);

        var own = await _host.SendAsync(HttpMethod.Get, "/whoami", mia, tenantHeader: "acme");
        Assert.Equal((HttpStatusCode.OK, "acme"), (own.StatusCode, await own.Content.ReadAsStringAsync()));
        var anyTenant = await _host.SendAsync(HttpMethod.Get, "/whoami", await _host.SignInAsync(SessionTestHost.Mia), tenantHeader: "globex");
        Assert.Equal((HttpStatusCode.OK, "globex"), (anyTenant.StatusCode, await anyTenant.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Compare_the_tokens_tenant_when_a_claim_strategy_reads_another_claim()
    {
        await using var host = await SessionTestHost.StartAsync(more: hub =>
        {
            hub.Services.Configure<TenantResolutionOptions<HttpContext>>(o =>
            {
                foreach (var claim in o.Strategies.Where(s => s.Name == "claim").ToList())
                {
                    o.Strategies.Remove(claim);
                }
            });
            hub.ResolveTenantFrom(r => r.Claim("tid"));
        });
        var mia = await host.SignInAsync(SessionTestHost.Mia, SessionTestHost.Acme);

        await ProblemAssert.IsAsync(await host.SendAsync(HttpMethod.Get, "/whoami", mia, tenantHeader: "globex"), MspHubProblemTypes.ConflictingTenant);
    }
}
