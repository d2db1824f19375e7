using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.EntityFramework;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Owasp;

/// <summary>
/// A small MSP hub on SQLite: tenant-owned jobs, tenant-admin functions and an MSP function, each
/// protected by a permission. Refusals from MspHub's rules become ProblemDetails with the status a host
/// would choose.
/// </summary>
public sealed class MatrixHost : SqliteWebHost
{
    private MatrixHost(WebApplication app, string file)
        : base(app, file)
    {
    }

    public static async Task<MatrixHost> StartAsync(params Tenant[] tenants)
    {
        var (builder, file) = CreateBuilder("matrix");
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<MatrixDb>()
            .AddPermissions(p => p
                .Resource("jobs").Actions(PermissionActions.All)
                .Resource("users").Actions(PermissionActions.View, PermissionActions.Update)
                .Resource("grants", mspLevel: true).Action(PermissionActions.Update))
            .AddPermissionPolicies());

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MatrixDb>().Database.EnsureCreatedAsync();
            foreach (var tenant in tenants)
            {
                await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant);
            }
        }

        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (MspHubException error) when (!context.Response.HasStarted)
            {
                var status = error is AccessRuleException or TenantIsolationException ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
                await Results.Problem(statusCode: status, detail: error.Message).ExecuteAsync(context);
            }
        });
        app.UseAuthentication();
        app.UseTestTenantHeader();
        app.UseAuthorization();

        var jobs = app.MapGroup("/jobs");
        jobs.MapGet("/", async (MatrixDb db) => Results.Ok(await db.Jobs.Select(j => j.Name).ToListAsync()))
            .RequirePermission("jobs", PermissionActions.View);
        jobs.MapGet("/{id:guid}", async (Guid id, MatrixDb db) => await db.Jobs.FindAsync(id) is { } job ? Results.Ok(job.Name) : Results.NotFound())
            .RequirePermission("jobs", PermissionActions.View);
        jobs.MapPost("/", async (JobInput input, MatrixDb db) =>
        {
            var job = new Job { Name = input.Name, TenantId = input.TenantId ?? Guid.Empty };
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
            return Results.Created($"/jobs/{job.Id}", job.Id);
        }).RequirePermission("jobs", PermissionActions.Create);
        jobs.MapPut("/{id:guid}", async (Guid id, JobInput input, MatrixDb db) =>
        {
            if (await db.Jobs.FindAsync(id) is not { } job)
            {
                return Results.NotFound();
            }

            job.Name = input.Name;
            await db.SaveChangesAsync();
            return Results.NoContent();
        }).RequirePermission("jobs", PermissionActions.Update);
        jobs.MapDelete("/{id:guid}", async (Guid id, MatrixDb db) =>
            await db.Jobs.Where(j => j.Id == id).ExecuteDeleteAsync() == 1 ? Results.NoContent() : Results.NotFound())
            .RequirePermission("jobs", PermissionActions.Delete);

        app.MapGet("/tenant/users", async (ITenancy tenancy, ITenantAccessManager access) =>
                Results.Ok((await access.ListUsersAsync(tenancy.Current.TenantId!.Value)).Select(m => m.User.UserName)))
            .RequirePermission("users", PermissionActions.View);
        app.MapPut("/tenant/users/{userId:guid}/roles", async (Guid userId, string[] roles, ITenancy tenancy, ITenantAccessManager access) =>
        {
            await access.SetMemberAsync(tenancy.Current.TenantId!.Value, userId, roles);
            return Results.NoContent();
        }).RequirePermission("users", PermissionActions.Update);
        app.MapPut("/msp/grants/{userId:guid}/{tenantId:guid}", async (Guid userId, Guid tenantId, string[] permissions, IMspAccessManager access) =>
        {
            await access.GrantAsync(userId, tenantId, permissions);
            return Results.NoContent();
        }).RequirePermission("grants", PermissionActions.Update);

        await app.StartAsync();
        return new MatrixHost(app, file);
    }

    public sealed record JobInput(string Name, Guid? TenantId = null);
}
