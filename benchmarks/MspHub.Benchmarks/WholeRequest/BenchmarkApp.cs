using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;

namespace MspHub.Benchmarks;

/// <summary>Which of the whole-request apps to build: the same endpoint without tenancy, with UseMspHub, and with UseMspHub and a permission policy.</summary>
internal enum BenchmarkAppKind
{
    /// <summary>Authentication and an endpoint that requires an authenticated user; no tenancy.</summary>
    Plain,

    /// <summary>The same plus UseMspHub: header strategy and entry check.</summary>
    Hub,

    /// <summary>The same as <see cref="Hub"/>, the endpoint requiring <c>automs.view</c> instead of an authenticated user.</summary>
    Policy,
}

/// <summary>
/// The apps the whole-request benchmarks measure, in one place so the in-process benchmark and the Kestrel run
/// measure the same thing. Every app authenticates the caller from the <c>X-User</c> header; the MspHub apps
/// resolve the tenant from <c>X-Tenant</c>, where <see cref="User"/> is a member whose role grants <c>automs.view</c>.
/// </summary>
internal static class BenchmarkApp
{
    /// <summary>The one tenant, slug <c>acme</c>.</summary>
    public static readonly Tenant Tenant = Tenant.Create("acme", "Acme") with { Id = new Guid("0b7a1d2c-5e4f-4a3b-9c8d-7e6f5a4b3c2d") };

    /// <summary>The caller, with a fixed id so a load generator can send it.</summary>
    public static readonly HubUser User = HubUser.Create("alice") with { Id = new Guid("4f1e2d3c-6b5a-4987-8a7b-6c5d4e3f2a1b") };

    /// <summary>What every app answers.</summary>
    public const string Body = "nightly-backup";

    /// <summary>Adds the app's services to <paramref name="builder"/>, builds it, and maps its middleware and endpoint.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, BenchmarkAppKind kind)
    {
        builder.Services.AddRouting();
        builder.Services.AddAuthentication(UserIdHeaderHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, UserIdHeaderHandler>(UserIdHeaderHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        if (kind != BenchmarkAppKind.Plain)
        {
            builder.Services.AddMspHub(h => h
                .AddInMemoryTenantStore(Tenant)
                .AddInMemoryAccessStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
                .ResolveTenantFrom(r => r.Header("X-Tenant"))
                .AddPermissionPolicies());
        }

        var app = builder.Build();
        app.UseAuthentication();
        if (kind != BenchmarkAppKind.Plain)
        {
            var store = app.Services.GetRequiredService<InMemoryAccessStore>();
            store.AddUserAsync(User).GetAwaiter().GetResult();
            store.SaveRoleAsync(new TenantRole { TenantId = Tenant.Id, Name = "Agent", Permissions = ["automs.view"] }).GetAwaiter().GetResult();
            store.SaveMembershipAsync(new Membership { UserId = User.Id, TenantId = Tenant.Id, Roles = ["Agent"] }).GetAwaiter().GetResult();
            app.UseMspHub();
        }

        app.UseAuthorization();
        var endpoint = app.MapGet("/automs", () => Body);
        if (kind == BenchmarkAppKind.Policy)
        {
            endpoint.RequirePermission("automs", PermissionActions.View);
        }
        else
        {
            endpoint.RequireAuthorization();
        }

        return app;
    }
}
