using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.Owasp;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Licensing;

public sealed class ConsumesQuotaShould : IAsyncLifetime
{
    private LicensedHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await LicensedHost.StartAsync(TestLicences.Licence(maxTenants: 3, quotas: new Dictionary<string, long> { ["jobs"] = 2 }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<long> UsedAsync(Tenant tenant)
    {
        using var scope = _host.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(tenant.Id, "jobs")).Used;
    }

    [Fact]
    public async Task Create_up_to_the_limit_then_answer_409_with_the_quota_message()
    {
        Assert.Equal(HttpStatusCode.Created, (await _host.SendAsync(HttpMethod.Post, "/jobs/backup", LicensedHost.Acme)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _host.SendAsync(HttpMethod.Post, "/jobs/patching", LicensedHost.Acme)).StatusCode);

        var refused = await _host.SendAsync(HttpMethod.Post, "/jobs/one-too-many", LicensedHost.Acme);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Quota 'jobs' exceeded: 2 of 2 used; raise the tenant's limit or remove items.", problem!.Detail);
        Assert.Equal("jobs", problem.Extensions["quota"]?.ToString());
        Assert.Equal("2", await (await _host.SendAsync(HttpMethod.Get, "/jobs", LicensedHost.Acme)).Content.ReadAsStringAsync());
        Assert.Equal(2, await UsedAsync(LicensedHost.Acme));
        Assert.Equal(HttpStatusCode.Created, (await _host.SendAsync(HttpMethod.Post, "/jobs/backup", LicensedHost.Globex)).StatusCode);
    }

    // The quota is counted in a tenant: without one the claim is refused as MspHub refuses it everywhere, also in a host
    // that maps no exceptions to problems, and the handler never runs.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Answer_a_claim_without_a_tenant_with_problem_details_whether_or_not_the_host_maps_problems(bool mapProblems)
    {
        await using var host = await LicensedHost.StartAsync(TestLicences.Licence(maxTenants: 3, quotas: new Dictionary<string, long> { ["jobs"] = 2 }), mapProblems);

        var refused = await host.SendAsync(HttpMethod.Post, "/jobs/nobodys", tenant: null);

        await Problems.ProblemAssert.IsAsync(refused, MspHubProblemTypes.TenantRequired);
        using var scope = host.Services.CreateScope();
        using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginCrossTenantScope("count every tenant's jobs"))
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MatrixDb>().Jobs.IgnoreQueryFilters().CountAsync());
        }
    }

    [Fact]
    public async Task Roll_back_the_count_and_the_item_when_the_handler_answers_with_an_error()
    {
        var rejected = await _host.SendAsync(HttpMethod.Post, "/jobs/rejected-after-save", LicensedHost.Acme);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(0, await UsedAsync(LicensedHost.Acme));
        Assert.Equal("0", await (await _host.SendAsync(HttpMethod.Get, "/jobs", LicensedHost.Acme)).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("typed", HttpStatusCode.BadRequest)]
    [InlineData("forbid", HttpStatusCode.Forbidden)]
    [InlineData("status-set-by-the-handler", HttpStatusCode.UnprocessableEntity)]
    public async Task Roll_back_the_count_and_the_item_when_the_handler_refuses_in_another_shape(string how, HttpStatusCode expected)
    {
        var refused = await _host.SendAsync(HttpMethod.Post, $"/jobs/refused/{how}", LicensedHost.Acme);

        Assert.Equal(expected, refused.StatusCode);
        Assert.Equal(0, await UsedAsync(LicensedHost.Acme));
        Assert.Equal("0", await (await _host.SendAsync(HttpMethod.Get, "/jobs", LicensedHost.Acme)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Count_nothing_past_a_limit_the_MSP_raised_once_the_licence_has_lapsed()
    {
        var lapsed = TestLicences.Licence(quotas: new Dictionary<string, long> { ["jobs"] = 2 }) with
        {
            IssuedAt = DateTimeOffset.UtcNow.AddDays(-60),
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1),
        };
        await using var host = await LicensedHost.StartAsync(lapsed);
        using (var scope = host.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(LicensedHost.Acme.Id, "jobs", 1_000);
        }

        var refused = await host.SendAsync(HttpMethod.Post, "/jobs/after-expiry", LicensedHost.Acme);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("0", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Extensions["limit"]?.ToString());
    }

    [Fact]
    public async Task Refuse_a_creation_without_a_tenant_as_problem_details_and_count_nothing()
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/jobs/orphan", tenant: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Tenant required", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        Assert.Equal(0, await UsedAsync(LicensedHost.Acme));
    }

    [Fact]
    public async Task Answer_409_when_a_tenant_would_pass_the_licence_maximum()
    {
        Assert.Equal(HttpStatusCode.Created, (await _host.SendAsync(HttpMethod.Post, "/tenants/initech", null)).StatusCode);

        var refused = await _host.SendAsync(HttpMethod.Post, "/tenants/umbrella", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Tenant limit reached", problem!.Title);
        Assert.Equal("Tenant limit reached: 3 of 3 tenants in use; delete a tenant or install a licence that allows more.", problem.Detail);
    }
}
