// The smallest host that shows tenant resolution end to end with MspHub.Abstractions alone:
//   curl -H 'X-Tenant: contoso' http://localhost:5080/
//   curl http://fabrikam.localhost:5080/
// The X-Tenant header is trusted here only because this demo has no users; MspHub.AspNetCore's
// UseMspHub() accepts a header-named tenant only for a member of it, and replaces the hand-written
// strategies and middleware below.
using System.Text.Json.Serialization;
using MspHub;

var builder = WebApplication.CreateBuilder(args);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

var msp = Tenant.Create("northwind-msp", "Northwind MSP") with { IsAdminTenancy = true };
builder.Services.AddMspHub(hub => hub
    .AddInMemoryTenantStore(
        msp,
        Tenant.Create("contoso", "Contoso Ltd", msp.Id),
        Tenant.Create("fabrikam", "Fabrikam Inc", msp.Id),
        Tenant.Create("tailspin", "Tailspin Toys", msp.Id) with { Status = TenantStatus.Suspended })
    .ResolveTenantFrom<HttpContext>(r => r
        .Add("header", http => http.Request.Headers["X-Tenant"].FirstOrDefault())
        .Add("subdomain", http => http.Request.Host.Host.Split('.') is [var sub, _, ..] ? sub : null)));

var app = builder.Build();

app.Use(async (http, next) =>
{
    var resolution = await http.RequestServices.GetRequiredService<ITenantResolver<HttpContext>>()
        .ResolveAsync(http, http.RequestAborted);
    if (resolution.Outcome == TenantResolutionOutcome.NotFound)
    {
        await Results.Problem(statusCode: 404, title: "Unknown tenant", detail: $"No tenant '{resolution.Identifier}'.").ExecuteAsync(http);
        return;
    }

    if (resolution.Tenant is { Status: TenantStatus.Suspended } suspended)
    {
        await Results.Problem(statusCode: 403, title: "Tenant suspended", detail: $"Tenant '{suspended.Slug}' is suspended.").ExecuteAsync(http);
        return;
    }

    var tenancy = http.RequestServices.GetRequiredService<ITenancy>();
    using (resolution.Tenant is { } tenant ? tenancy.BeginScope(tenant) : tenancy.BeginNoTenantScope())
    {
        http.Response.Headers["X-Resolved-By"] = resolution.StrategyName ?? "none";
        await next(http);
    }
});

app.MapGet("/", (ITenancy tenancy) => tenancy.Current.Tenant is { } tenant
    ? Results.Ok(new { tenant.Id, tenant.Slug, tenant.Name, tenant.ParentId })
    : Results.Ok(new { message = "No tenant: send an X-Tenant header or use a <tenant>.localhost host name." }));

app.MapGet("/tenants", async (ITenantStore store, string? search, CancellationToken cancellationToken) =>
    await store.ListAsync(new TenantQuery { Search = search, PageSize = 20 }, cancellationToken));

app.Run();
