using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>
/// A hub whose requests name tenants every way UseMspHub reads them: the token claim, a header, a route
/// value, the host name and the path base. Alice is a member of Acme and of suspended Initech, Tom a
/// technician granted Globex, Mia an MSP admin, Oscar belongs nowhere.
/// </summary>
public sealed class ResolutionTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ResolutionTestHost(WebApplication app)
    {
        _app = app;
        Client = app.GetTestClient();
    }

    public static Tenant Acme { get; } = Tenant.Create("acme", "Acme");

    public static Tenant Globex { get; } = Tenant.Create("globex", "Globex");

    public static Tenant Initech { get; } = Tenant.Create("initech", "Initech") with { Status = TenantStatus.Suspended };

    public static HubUser Alice { get; } = HubUser.Create("alice");

    public static HubUser Tom { get; } = HubUser.Create("tom", SystemRole.Technician);

    public static HubUser Mia { get; } = HubUser.Create("mia", SystemRole.MspAdmin);

    public static HubUser Oscar { get; } = HubUser.Create("oscar");

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public RecordingAuditHook Audit => _app.Services.GetRequiredService<RecordingAuditHook>();

    public static async Task<ResolutionTestHost> StartAsync()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Acme, Globex, Initech)
            .AddInMemoryAccessStore()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
            .ResolveTenantFrom(r => r.Claim().Header("X-Tenant").Route("tenant").Host("{tenant}.hub.test").PathBase())
            .AddPermissionPolicies());

        var app = builder.Build();
        await SeedAsync(app.Services);

        // Stands in for a reverse proxy that strips "/p/{tenant}" into the path base.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/p", out var rest) && rest.Value is { Length: > 1 } value && value.IndexOf('/', 1) is var end and > 0)
            {
                context.Request.PathBase = "/p" + value[..end];
                context.Request.Path = value[end..];
            }

            return next(context);
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseMspHub();
        app.UseAuthorization();
        app.MapGet("/whoami", (HttpContext http) => http.GetTenant()?.Slug ?? "none");
        app.MapGet("/t/{tenant}/whoami", (HttpContext http) => http.GetTenant()?.Slug ?? "none");
        app.MapGet("/public", (HttpContext http) => http.GetTenant()?.Slug ?? "none").SkipTenantResolution();
        await app.StartAsync();
        return new ResolutionTestHost(app);
    }

    public Task<HttpResponseMessage> GetAsync(string path, HubUser? user, Action<HttpRequestMessage>? name = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add("X-Test-User", user.Id.ToString());
        }

        name?.Invoke(request);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

    private static async Task SeedAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<InMemoryAccessStore>();
        foreach (var user in new[] { Alice, Tom, Mia, Oscar })
        {
            await store.AddUserAsync(user);
        }

        using var scope = services.CreateScope();
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        await tenantSide.SetMemberAsync(Acme.Id, Alice.Id, []);
        await tenantSide.SetMemberAsync(Initech.Id, Alice.Id, []);
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(Tom.Id, Globex.Id, ["automs.view"]);
    }
}
