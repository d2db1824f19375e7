using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.RateLimiting;

/// <summary>
/// Each tenant has its own request budget: a tenant that floods the host is refused with 429 and <c>Retry-After</c>
/// while every other tenant still gets through; a tenant's setting (or its parent's) changes its budget; requests
/// naming no tenant have a budget per signed-in user, or per address for anonymous callers (an IPv6 address by its /64),
/// never a tenant's. The window is an hour, so nothing renews mid-test.
/// </summary>
public sealed class TenantRateLimitingShould : IAsyncLifetime
{
    private const int Budget = 5;

    private static readonly Tenant Msp = Tenant.Create("msp", "MSP");
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme", Msp.Id);
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    private static readonly Tenant Initech = Tenant.Create("initech", "Initech");
    private static readonly HubUser Alice = HubUser.Create("alice");

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Msp, Acme, Globex, Initech)
            .AddInMemoryAccessStore()
            .AddInMemoryTenantSettingsStore()
            .ResolveTenantFrom(r => r.Header("X-Tenant"))
            .AddTenantRateLimiting(o =>
            {
                o.PermitLimit = Budget;
                o.UnresolvedPermitLimit = Budget;
                o.Window = TimeSpan.FromHours(1);
            }));
        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMspHub();
        app.UseRateLimiter();
        app.MapGet("/work", (HttpContext http) => http.GetTenant()?.Slug ?? "none")
            .RequireRateLimiting(MspHubRateLimiting.TenantPolicy);
        app.MapGet("/unlimited", (HttpContext http) => http.GetTenant()?.Slug ?? "none");
        _app = app;

        var store = app.Services.GetRequiredService<InMemoryAccessStore>();
        await store.AddUserAsync(Alice);
        using (var scope = app.Services.CreateScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
            foreach (var tenant in new[] { Msp, Acme, Globex, Initech })
            {
                await members.SetMemberAsync(tenant.Id, Alice.Id, []);
            }

            var settings = scope.ServiceProvider.GetRequiredService<ITenantSettings>();
            await settings.SetAsync(Msp.Id, TenantRateLimitOptions.SettingKey, "8");
            await settings.SetAsync(Initech.Id, TenantRateLimitOptions.SettingKey, "not a number");
        }

        await app.StartAsync();
        _client = app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Refuse_a_tenant_past_its_budget_with_429_retry_after_and_the_limit()
    {
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/work", Globex)).StatusCode);
        }

        var refused = await GetAsync("/work", Globex);

        var problem = await ProblemAssert.IsAsync(refused, MspHubProblemTypes.RateLimited);
        Assert.Equal((int)HttpStatusCode.TooManyRequests, (int)refused.StatusCode);
        Assert.Contains("'globex'", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(Budget, problem.Extensions["permitLimit"]!.ToString() is { } permits ? int.Parse(permits, System.Globalization.CultureInfo.InvariantCulture) : -1);
        Assert.True(refused.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero && delta <= TimeSpan.FromHours(1), "no Retry-After within the window");
    }

    [Fact]
    public async Task Keep_serving_other_tenants_while_one_floods()
    {
        var flood = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => GetAsync("/work", Globex)));

        Assert.Equal(Budget, flood.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(50 - Budget, flood.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/work", Initech)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/work", caller: Alice, tenant: null)).StatusCode);
    }

    [Fact]
    public async Task Take_a_budget_set_at_a_parent_for_its_subtree()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 9; i++)
        {
            answers.Add((await GetAsync("/work", Acme)).StatusCode);
        }

        Assert.Equal(8, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }

    [Fact]
    public async Task Fall_back_to_the_default_for_a_setting_that_is_not_a_number()
    {
        var limits = _app.Services.GetRequiredService<ITenantRateLimits>();

        Assert.Equal(new TenantRateLimit(Budget, TimeSpan.FromHours(1)), await limits.GetAsync(Initech));
        Assert.Equal(new TenantRateLimit(8, TimeSpan.FromHours(1)), await limits.GetAsync(Acme));
    }

    [Fact]
    public async Task Give_requests_naming_no_tenant_a_budget_of_their_own()
    {
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/work", caller: null, tenant: null)).StatusCode);
        }

        var refused = await GetAsync("/work", caller: null, tenant: null);

        var problem = await ProblemAssert.IsAsync(refused, MspHubProblemTypes.RateLimited);
        Assert.Contains("no tenant", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/work", Globex)).StatusCode);
    }

    [Fact]
    public async Task Give_a_signed_in_caller_naming_no_tenant_a_budget_apart_from_anonymous_callers()
    {
        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/work", Alice, tenant: null)).StatusCode);
        }

        await ProblemAssert.IsAsync(await GetAsync("/work", Alice, tenant: null), MspHubProblemTypes.RateLimited);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/work", caller: null, tenant: null)).StatusCode);
    }

    // Anyone holding an IPv6 /64 can send from as many addresses as they like: they share one budget.
    [Fact]
    public async Task Count_anonymous_callers_from_one_IPv6_network_against_one_budget()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore()
            .ResolveTenantFrom(r => r.Header("X-Tenant"))
            .AddTenantRateLimiting(o => o.UnresolvedPermitLimit = Budget));
        await using var app = builder.Build();
        app.Use((http, next) =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(http.Request.Headers["X-Test-Address"]!);
            return next(http);
        });
        app.UseMspHub();
        app.UseRateLimiter();
        app.MapGet("/work", () => "done").RequireRateLimiting(MspHubRateLimiting.TenantPolicy);
        await app.StartAsync();
        using var client = app.GetTestClient();
        Task<HttpResponseMessage> FromAsync(string address)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/work");
            request.Headers.Add("X-Test-Address", address);
            return client.SendAsync(request);
        }

        for (var i = 0; i < Budget; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FromAsync($"2001:db8:1:2::{i + 1:x}")).StatusCode);
        }

        await ProblemAssert.IsAsync(await FromAsync("2001:db8:1:2:ffff:ffff:ffff:ffff"), MspHubProblemTypes.RateLimited);
        Assert.Equal(HttpStatusCode.OK, (await FromAsync("2001:db8:1:3::1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FromAsync("192.0.2.7")).StatusCode);
    }

    [Fact]
    public async Task Leave_endpoints_without_the_policy_alone()
    {
        for (var i = 0; i < Budget * 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/unlimited", Globex)).StatusCode);
        }
    }

    [Fact]
    public async Task Refuse_a_start_with_a_budget_that_refuses_everything()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore().AddTenantRateLimiting(o => o.PermitLimit = 0));
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("PermitLimit", error.Message, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> GetAsync(string path, Tenant tenant) => GetAsync(path, Alice, tenant);

    private Task<HttpResponseMessage> GetAsync(string path, HubUser? caller, Tenant? tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (caller is not null)
        {
            request.Headers.Add("X-Test-User", caller.Id.ToString());
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant", tenant.Slug);
        }

        return _client.SendAsync(request);
    }
}
