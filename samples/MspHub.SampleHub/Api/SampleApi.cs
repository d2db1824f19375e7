using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Api;

/// <summary>
/// The hub's features as a JSON API, described at <c>/openapi/v1.json</c>. Every endpoint runs in the tenant
/// of the caller's session token (or of an <c>X-Tenant</c> header the user may enter) and checks the same
/// permissions as the pages, so a button the pages leave out is refused here too.
/// </summary>
public static class SampleApi
{
    public static void MapSampleApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/session", SignInAsync).AllowAnonymous().SkipTenantResolution().WithTags("Session");
        var api = endpoints.MapGroup("/api").RequireAuthorization().AddEndpointFilter<InvalidInputFilter>();
        MapTenantData(api);
        MapMspAdministration(api.MapGroup("").WithTags("MSP administration"));
    }

    private static void MapTenantData(RouteGroupBuilder api)
    {
        var automs = api.MapGroup("/automs").WithTags("Automs");
        automs.MapGet("", (AutomOperations automs, CancellationToken ct) => automs.ListAsync(ct)).RequirePermission("automs", "view");
        automs.MapPost("", async (CreateAutomRequest request, AutomOperations automs, CancellationToken ct) =>
        {
            var autom = await automs.CreateAsync(request.Name, request.Schedule, ct);
            return TypedResults.Created($"/api/automs/{autom.Id}", autom);
        }).RequirePermission("automs", "create");
        automs.MapDelete("/{id:guid}", async (Guid id, AutomOperations automs, CancellationToken ct) =>
            await automs.DeleteAsync(id, ct) ? Results.NoContent() : NotInTenant("autom", id)).RequirePermission("automs", "delete");

        var agents = api.MapGroup("/agents").WithTags("AI agents").RequireFeature(HubNames.AiAgentsFeature);
        agents.MapGet("", (AgentOperations agents, CancellationToken ct) => agents.ListAsync(ct)).RequirePermission("agents", "view");
        agents.MapPost("", async (CreateAgentRequest request, AgentOperations agents, CancellationToken ct) =>
        {
            var agent = await agents.CreateAsync(request.Name, request.Purpose, ct);
            return TypedResults.Created($"/api/agents/{agent.Id}", agent);
        }).RequirePermission("agents", "create");

        var dashboards = api.MapGroup("/dashboards").WithTags("Dashboards");
        dashboards.MapGet("", (DashboardOperations dashboards, CancellationToken ct) => dashboards.ListAsync(ct)).RequirePermission("dashboards", "view");
        dashboards.MapPost("", async (CreateDashboardRequest request, DashboardOperations dashboards, CancellationToken ct) =>
        {
            var dashboard = await dashboards.CreateAsync(request.Name, request.Widgets, ct);
            return TypedResults.Created($"/api/dashboards/{dashboard.Id}", dashboard);
        }).RequirePermission("dashboards", "create");
        dashboards.MapPost("/{id:guid}/duplicate", async (Guid id, DuplicateDashboardRequest request, DashboardOperations dashboards, CancellationToken ct) =>
            await dashboards.DuplicateAsync(id, request.Tenants ?? [], ct) is { } copies ? Results.Ok(copies) : NotInTenant("dashboard", id))
            .RequirePermission("dashboards", "create");

        var alerts = api.MapGroup("/alerts").WithTags("Alerts").RequireFeature(HubNames.AlertsFeature);
        alerts.MapGet("", async (AlertOperations alerts, CancellationToken ct) =>
            new { threshold = (await alerts.ThresholdAsync(ct)).Value, alerts = await alerts.ListAsync(ct) }).RequirePermission("alerts", "view");
        alerts.MapPost("", async (CreateAlertRequest request, AlertOperations alerts, CancellationToken ct) =>
        {
            var alert = await alerts.CreateAsync(request.Name, request.Metric, request.Threshold, ct);
            return TypedResults.Created($"/api/alerts/{alert.Id}", alert);
        }).RequirePermission("alerts", "create");
        alerts.MapPut("/threshold", async (ThresholdRequest request, AlertOperations alerts, CancellationToken ct) =>
        {
            await alerts.SetThresholdAsync(request.Value, ct);
            return Results.NoContent();
        }).RequirePermission("alerts", "update");

        api.MapGet("/summary", (SummaryOperations summary, CancellationToken ct) => summary.GetAsync(ct)).RequirePermission("summary", "view").WithTags("Summary");
    }

    private static void MapMspAdministration(RouteGroupBuilder api)
    {
        api.MapGet("/tenants", async (string? search, TenantSortField? sort, bool? descending, int? page, TenantOperations tenants, CancellationToken ct) =>
        {
            var (list, count) = await tenants.ListAsync(search, sort ?? TenantSortField.Name, descending ?? false, page ?? 1, ct);
            return new { tenantsInUse = count.ToString(), list.TotalCount, list.Page, list.PageSize, list.Items };
        }).RequirePermission("tenants", "view");
        api.MapPost("/tenants", async (CreateTenantRequest request, TenantOperations tenants, CancellationToken ct) =>
        {
            var tenant = await tenants.CreateAsync(request.Slug, request.Name, request.Parent, ct);
            return TypedResults.Created($"/api/tenants/{tenant.Id}", tenant);
        }).RequirePermission("tenants", "create");
        api.MapPost("/tenants/{id:guid}/suspend", (Guid id, ITenantLifecycle lifecycle, CancellationToken ct) => lifecycle.SuspendAsync(id, ct))
            .RequirePermission("tenants", "update");
        api.MapPost("/tenants/{id:guid}/reactivate", (Guid id, ITenantLifecycle lifecycle, CancellationToken ct) => lifecycle.ReactivateAsync(id, ct))
            .RequirePermission("tenants", "update");
        api.MapDelete("/tenants/{id:guid}", (Guid id, string confirm, ITenantLifecycle lifecycle, CancellationToken ct) => lifecycle.DeleteAsync(id, confirm, ct))
            .RequirePermission("tenants", "delete");

        api.MapGet("/technicians", async (TechnicianOperations technicians, CancellationToken ct) =>
            (await technicians.ListAsync(ct)).Select(t => new
            {
                t.User.Id,
                t.User.UserName,
                Tenants = t.Assignments.Select(a => new { a.Tenant.Id, a.Tenant.Slug, a.Permissions }),
            })).RequirePermission("technicians", "view");
        api.MapPost("/technicians", async (CreateTechnicianRequest request, TechnicianOperations technicians, CancellationToken ct) =>
        {
            var user = await technicians.CreateAsync(request.UserName, request.Password, ct);
            return TypedResults.Created($"/api/technicians/{user.Id}", new { user.Id, user.UserName });
        }).RequirePermission("technicians", "update");
        api.MapPut("/technicians/{id:guid}/tenants/{tenantId:guid}", async (Guid id, Guid tenantId, GrantRequest request, TechnicianOperations technicians, CancellationToken ct) =>
        {
            await technicians.GrantAsync(id, tenantId, request.Permissions ?? [], ct);
            return Results.NoContent();
        }).RequirePermission("technicians", "update");
        api.MapDelete("/technicians/{id:guid}/tenants/{tenantId:guid}", async (Guid id, Guid tenantId, TechnicianOperations technicians, CancellationToken ct) =>
            await technicians.RevokeAsync(id, tenantId, ct) ? Results.NoContent() : Results.NotFound()).RequirePermission("technicians", "update");

        api.MapGet("/licence", (LicenceOperations licence, CancellationToken ct) => licence.ReportAsync(ct)).RequirePermission("licence", "view");
    }

    private static async Task<IResult> SignInAsync(SignInRequest request, HubSignIn signIn, CancellationToken ct) =>
        await signIn.SignInAsync(request.UserName ?? "", request.Password ?? "", request.Tenant, ct) is { } token
            ? Results.Ok(token)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: "The user name or password is wrong.");

    private static IResult NotInTenant(string what, Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"This tenant has no {what} {id}.");
}
