using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.Problems;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Authorization;

/// <summary>A host's own authorization result handler keeps answering what MspHub does not: MspHub wraps it, never replaces it.</summary>
public sealed class HostAuthorizationResultHandlerShould : IAsyncLifetime
{
    private readonly Tenant _tenant = Tenant.Create("tenant-a", "Tenant A");
    private readonly HubUser _agent = HubUser.Create("agent");
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddAuthorization(o => o.AddPolicy("never", p => p.RequireAssertion(_ => false)));
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, TeapotResultHandler>();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(_tenant)
            .AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
            .AddPermissionPolicies()
            .AddPermissionPolicies());   // twice: still one wrapper

        _app = builder.Build();
        _app.UseAuthentication();
        _app.UseTestTenantHeader();
        _app.UseAuthorization();
        _app.MapGet("/automs", () => "ok").RequirePermission("automs", PermissionActions.Delete);
        _app.MapGet("/reports", () => "ok").RequireAuthorization("never");
        await _app.StartAsync();
        _client = _app.GetTestClient();
        await _app.Services.GetRequiredService<InMemoryAccessStore>().AddUserAsync(_agent);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Answer_the_hosts_own_policies_with_the_hosts_handler_and_MspHubs_with_ProblemDetails()
    {
        Assert.Equal(HttpStatusCode.UnavailableForLegalReasons, (await SendAsync("/reports")).StatusCode);
        await ProblemAssert.IsAsync(await SendAsync("/automs"), MspHubProblemTypes.PermissionRequired);
    }

    private Task<HttpResponseMessage> SendAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Test-User", _agent.Id.ToString());
        request.Headers.Add("X-Test-Tenant", _tenant.Slug);
        return _client.SendAsync(request);
    }

    private sealed class TeapotResultHandler : IAuthorizationMiddlewareResultHandler
    {
        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Forbidden)
            {
                context.Response.StatusCode = StatusCodes.Status451UnavailableForLegalReasons;
                return Task.CompletedTask;
            }

            return new AuthorizationMiddlewareResultHandler().HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
