using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>
/// A web host with permission-protected endpoints: a minimal API, a route group and a controller. The
/// active tenant comes from <c>X-Test-Tenant</c> through a small stand-in for tenant resolution, placed
/// where UseMspHub() goes: after authentication, before authorization.
/// </summary>
public sealed class PermissionTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PermissionTestHost(WebApplication app, Tenant a, Tenant b)
    {
        _app = app;
        A = a;
        B = b;
        Client = app.GetTestClient();
    }

    public Tenant A { get; }

    public Tenant B { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PermissionTestHost> StartAsync()
    {
        var a = Tenant.Create("tenant-a", "Tenant A");
        var b = Tenant.Create("tenant-b", "Tenant B");
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(a, b)
            .AddInMemoryAccessStore()
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)
                .Resource("vault").Actions(PermissionActions.View))
            .AddPermissionPolicies());
        builder.Services.AddControllers().AddApplicationPart(typeof(PermissionTestHost).Assembly);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseTestTenantHeader();
        app.UseAuthorization();
        app.MapGet("/automs", () => Results.Ok("nightly-backup")).RequirePermission("automs", PermissionActions.View);
        var admin = app.MapGroup("/admin").RequirePermission(new Permission("automs", PermissionActions.Delete));
        admin.MapDelete("/automs/{id}", (string id) => Results.NoContent());
        app.MapControllers();
        await app.StartAsync();
        return new PermissionTestHost(app, a, b);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HubUser? user, Tenant? tenant)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user.Id.ToString());
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Test-Tenant", tenant.Slug);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}

[ApiController]
[Route("api/vault")]
[RequirePermission("vault", PermissionActions.View)]
public sealed class VaultController : ControllerBase
{
    [HttpGet]
    public IActionResult List() => Ok("smtp-password");
}
