using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.Licensing;
using MspHub.AspNetCore.Tests.Owasp;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>
/// A licensed hub on SQLite with feature-gated endpoints, a quota-counted creation endpoint and MspHub's
/// ProblemDetails mapping (unless started without it, as a host that maps no exceptions). Tenants <see cref="Acme"/> and <see cref="Globex"/> exist; Globex has vault off.
/// </summary>
public sealed class LicensedHost : SqliteWebHost
{
    private LicensedHost(WebApplication app, string file)
        : base(app, file) =>
        Client.DefaultRequestHeaders.Add("X-Test-User", Guid.CreateVersion7().ToString());

    public static Tenant Acme { get; } = Tenant.Create("acme", "Acme");

    public static Tenant Globex { get; } = Tenant.Create("globex", "Globex") with { DisabledFeatures = ["vault"] };

    public static async Task<LicensedHost> StartAsync(Licence licence, bool mapProblems = true)
    {
        var (builder, file) = CreateBuilder("licensed");
        builder.Services.AddMspHub(hub =>
        {
            hub.AddEntityFrameworkStores<MatrixDb>().AddLicensing(TestLicences.Install(licence)).AddFeaturePolicies();
            if (mapProblems)
            {
                hub.AddProblemDetailsMapping();
            }
        });

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MatrixDb>();
            await db.Database.EnsureCreatedAsync();
            db.AddRange(Acme, Globex);
            await db.SaveChangesAsync();
        }

        if (mapProblems)
        {
            app.UseExceptionHandler();
        }

        app.UseAuthentication();
        app.UseTestTenantHeader();
        app.UseAuthorization();

        app.MapGet("/vault", () => Results.Ok("smtp-password")).RequireFeature("vault");
        app.MapGet("/billing", () => Results.Ok("invoices")).RequireFeature("billing");
        app.MapGet("/jobs", async (MatrixDb db) => Results.Ok(await db.Jobs.CountAsync()));
        app.MapPost("/jobs/{name}", async (string name, MatrixDb db) =>
        {
            db.Jobs.Add(new Job { Name = name });
            await db.SaveChangesAsync();
            return name == "rejected-after-save" ? Results.BadRequest() : Results.Created($"/jobs/{name}", name);
        }).ConsumesQuota("jobs");
        // Refusals the quota filter must see through: a typed union, a forbid and a status the handler set itself.
        app.MapPost("/jobs/refused/{how}", async Task<Results<Created<string>, BadRequest, ForbidHttpResult, EmptyHttpResult>> (string how, HttpContext http, MatrixDb db) =>
        {
            db.Jobs.Add(new Job { Name = how });
            await db.SaveChangesAsync();
            switch (how)
            {
                case "typed":
                    return TypedResults.BadRequest();
                case "forbid":
                    return TypedResults.Forbid();
                default:
                    http.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                    return TypedResults.Empty;
            }
        }).ConsumesQuota("jobs");
        app.MapPost("/tenants/{slug}", async (string slug, ITenantStore tenants) =>
        {
            await tenants.AddAsync(Tenant.Create(slug, slug));
            return Results.Created($"/tenants/{slug}", slug);
        });

        await app.StartAsync();
        return new LicensedHost(app, file);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Tenant? tenant)
    {
        var request = new HttpRequestMessage(method, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Test-Tenant", tenant.Slug);
        }

        return Client.SendAsync(request);
    }
}
