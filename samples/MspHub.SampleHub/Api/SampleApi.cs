using Microsoft.AspNetCore.Http.HttpResults;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace MspHub.SampleHub.Api;

/// <summary>
/// The hub's features as a JSON API, described at <c>/openapi/v1.json</c>. Every endpoint runs in the tenant
/// of the caller's session token (or of an <c>X-Tenant</c> header the user may enter) and checks the same
/// permissions as the pages, so a button the pages leave out is refused here too. Each endpoint declares what
/// it answers, problems included, so the document follows the code.
/// </summary>
public static class SampleApi
{
    public static void MapSampleApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/session", SignInAsync).AllowAnonymous().SkipTenantResolution().WithTags("Session")
            .WithName("SignIn").WithSummary("Sign in and get a session token")
            .WithDescription("Checks a demo account's password and issues an MspHub session token for the named tenant, or the user's first one. "
                + "Send it as Authorization: Bearer. A tenant the user may not enter and one that does not exist are refused alike (403).")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status401Unauthorized).ProducesProblem(Status403Forbidden);

        // 401 without a valid, current session token; 403 for a missing permission, a feature that is off, or a tenant the caller may not enter.
        var api = endpoints.MapGroup("/api").RequireAuthorization().AddEndpointFilter<InvalidInputFilter>()
            .ProducesProblem(Status401Unauthorized).ProducesProblem(Status403Forbidden);
        MapTenantData(api);
        MapMspAdministration(api.MapGroup("").WithTags("MSP administration"));
    }

    private static void MapTenantData(RouteGroupBuilder api)
    {
        var automs = api.MapGroup("/automs").WithTags("Automs");
        automs.MapGet("", (AutomOperations automs, CancellationToken ct) => automs.ListAsync(ct)).RequirePermission("automs", "view")
            .WithName("ListAutoms").WithSummary("List the active tenant's automs");
        automs.MapPost("", async (CreateAutomRequest request, AutomOperations automs, CancellationToken ct) =>
        {
            var autom = await automs.CreateAsync(request.Name, request.Schedule, ct);
            return TypedResults.Created($"/api/automs/{autom.Id}", autom);
        }).RequirePermission("automs", "create")
            .WithName("CreateAutom").WithSummary("Create an autom")
            .WithDescription("Counts against the tenant's automs quota: 409 quota-exceeded at the limit (the problem names the quota, used and limit), 409 for a taken name.")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status409Conflict);
        automs.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, AutomOperations automs, CancellationToken ct) =>
            await automs.DeleteAsync(id, ct) ? TypedResults.NoContent() : NotInTenant("autom", id)).RequirePermission("automs", "delete")
            .WithName("DeleteAutom").WithSummary("Delete an autom")
            .WithDescription("404 when the active tenant has no such autom, another tenant's included.")
            .ProducesProblem(Status404NotFound);

        var agents = api.MapGroup("/agents").WithTags("AI agents").RequireFeature(HubNames.AiAgentsFeature);
        agents.MapGet("", (AgentOperations agents, CancellationToken ct) => agents.ListAsync(ct)).RequirePermission("agents", "view")
            .WithName("ListAgents").WithSummary("List the active tenant's AI agents")
            .WithDescription("Needs the ai-agents feature: licensed, and on for the tenant (403 feature-not-available otherwise).");
        agents.MapPost("", async (CreateAgentRequest request, AgentOperations agents, CancellationToken ct) =>
        {
            var agent = await agents.CreateAsync(request.Name, request.Purpose, ct);
            return TypedResults.Created($"/api/agents/{agent.Id}", agent);
        }).RequirePermission("agents", "create")
            .WithName("CreateAgent").WithSummary("Create an AI agent")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status409Conflict);

        var dashboards = api.MapGroup("/dashboards").WithTags("Dashboards");
        dashboards.MapGet("", (DashboardOperations dashboards, CancellationToken ct) => dashboards.ListAsync(ct)).RequirePermission("dashboards", "view")
            .WithName("ListDashboards").WithSummary("List the active tenant's dashboards");
        dashboards.MapPost("", async (CreateDashboardRequest request, DashboardOperations dashboards, CancellationToken ct) =>
        {
            var dashboard = await dashboards.CreateAsync(request.Name, request.Widgets, ct);
            return TypedResults.Created($"/api/dashboards/{dashboard.Id}", dashboard);
        }).RequirePermission("dashboards", "create")
            .WithName("CreateDashboard").WithSummary("Create a dashboard")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status409Conflict);
        dashboards.MapPost("/{id:guid}/duplicate", async Task<Results<Ok<DashboardCopies>, ProblemHttpResult>> (
                Guid id, DuplicateDashboardRequest request, DashboardOperations dashboards, CancellationToken ct) =>
            await dashboards.DuplicateAsync(id, request.Tenants ?? [], ct) is { } copies ? TypedResults.Ok(copies) : NotInTenant("dashboard", id))
            .RequirePermission("dashboards", "create")
            .WithName("DuplicateDashboard").WithSummary("Copy a dashboard to other tenants")
            .WithDescription("Copies into every tenant named by slug, or into none: each target must be active and let the caller create dashboards "
                + "(403 permission-required otherwise). 404 when the active tenant has no such dashboard.")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);

        var alerts = api.MapGroup("/alerts").WithTags("Alerts").RequireFeature(HubNames.AlertsFeature);
        alerts.MapGet("", async (AlertOperations alerts, CancellationToken ct) =>
            TypedResults.Ok(new AlertList((await alerts.ThresholdAsync(ct)).Value, await alerts.ListAsync(ct)))).RequirePermission("alerts", "view")
            .WithName("ListAlerts").WithSummary("List the active tenant's alert rules and CPU threshold")
            .WithDescription("The threshold is the tenant's own or, until it sets one, inherited from the tenant above it.");
        alerts.MapPost("", async (CreateAlertRequest request, AlertOperations alerts, CancellationToken ct) =>
        {
            var alert = await alerts.CreateAsync(request.Name, request.Metric, request.Threshold, ct);
            return TypedResults.Created($"/api/alerts/{alert.Id}", alert);
        }).RequirePermission("alerts", "create")
            .WithName("CreateAlert").WithSummary("Create an alert rule")
            .WithDescription("Without a threshold the rule starts from the tenant's CPU threshold.")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status409Conflict);
        alerts.MapPut("/threshold", async (ThresholdRequest request, AlertOperations alerts, CancellationToken ct) =>
        {
            await alerts.SetThresholdAsync(request.Value, ct);
            return TypedResults.NoContent();
        }).RequirePermission("alerts", "update")
            .WithName("SetAlertThreshold").WithSummary("Set the active tenant's CPU threshold")
            .WithDescription("A percentage from 0 to 100; sub-tenants without their own threshold inherit it.")
            .ProducesProblem(Status400BadRequest);

        api.MapGet("/summary", (SummaryOperations summary, CancellationToken ct) => summary.GetAsync(ct)).RequirePermission("summary", "view").WithTags("Summary")
            .WithName("GetSummary").WithSummary("Summarise the active tenant")
            .WithDescription("Rows per entity, quota usage and last activity.");
    }

    private static void MapMspAdministration(RouteGroupBuilder api)
    {
        api.MapGet("/tenants", async (string? search, TenantSortField? sort, bool? descending, int? page, TenantOperations tenants, CancellationToken ct) =>
        {
            if (page is < 1 or > TenantQuery.MaxPage)
            {
                throw new ArgumentOutOfRangeException(nameof(page), $"A page is 1 to {TenantQuery.MaxPage}.");
            }

            var (list, count) = await tenants.ListAsync(search, sort ?? TenantSortField.Name, descending ?? false, page ?? 1, ct);
            return TypedResults.Ok(new TenantList(count.ToString(), list.TotalCount, list.Page, list.PageSize, list.Items));
        }).RequirePermission("tenants", "view")
            .WithName("ListTenants").WithSummary("Search, sort and page the tenants")
            .WithDescription("Also counts the tenants in use against the licence's limit.")
            .ProducesProblem(Status400BadRequest);
        api.MapPost("/tenants", async (CreateTenantRequest request, TenantOperations tenants, CancellationToken ct) =>
        {
            var tenant = await tenants.CreateAsync(request.Slug, request.Name, request.Parent, ct);
            return TypedResults.Created($"/api/tenants/{tenant.Id}", tenant);
        }).RequirePermission("tenants", "create")
            .WithName("CreateTenant").WithSummary("Provision a tenant")
            .WithDescription("Under the parent slug when one is given. 400 for an invalid slug or name; 409 for a taken slug or when the licence allows no more tenants.")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status409Conflict);
        api.MapPost("/tenants/{id:guid}/suspend", (Guid id, ITenantLifecycle lifecycle, CancellationToken ct) => lifecycle.SuspendAsync(id, ct))
            .RequirePermission("tenants", "update")
            .WithName("SuspendTenant").WithSummary("Suspend a tenant")
            .WithDescription("Its requests get 403 tenant-suspended and its data stays. 409 for the admin tenancy or a tenant being deleted.")
            .ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        api.MapPost("/tenants/{id:guid}/reactivate", (Guid id, ITenantLifecycle lifecycle, CancellationToken ct) => lifecycle.ReactivateAsync(id, ct))
            .RequirePermission("tenants", "update")
            .WithName("ReactivateTenant").WithSummary("Reactivate a suspended tenant")
            .ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        api.MapDelete("/tenants/{id:guid}", (Guid id, string confirm, ITenantLifecycle lifecycle, CancellationToken ct) => lifecycle.DeleteAsync(id, confirm, ct))
            .RequirePermission("tenants", "delete")
            .WithName("DeleteTenant").WithSummary("Delete a tenant and everything it owns")
            .WithDescription("confirm is the tenant's slug, typed by the person deleting it. 409 when it does not match, or for the admin tenancy, "
                + "the caller's current tenant or a tenant with child tenants. The answer reports what was wiped.")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);

        api.MapGet("/technicians", async (TechnicianOperations technicians, CancellationToken ct) =>
            TypedResults.Ok((await technicians.ListAsync(ct))
                .Select(t => new TechnicianListItem(t.User.Id, t.User.UserName, t.FullName, t.Email, [.. t.Assignments.Select(a => new TechnicianTenant(a.Tenant.Id, a.Tenant.Slug, a.Permissions))]))
                .ToList()))
            .RequirePermission("technicians", "view")
            .WithName("ListTechnicians").WithSummary("List the technicians and their tenants");
        api.MapPost("/technicians", async (CreateTechnicianRequest request, TechnicianOperations technicians, CancellationToken ct) =>
        {
            var user = await technicians.CreateAsync(request.UserName, request.Password, request.FullName, request.Email, ct);
            return TypedResults.Created($"/api/technicians/{user.Id}", new NewTechnician(user.Id, user.UserName));
        }).RequirePermission("technicians", "update")
            .WithName("CreateTechnician").WithSummary("Add a technician with a sign-in")
            .WithDescription("The technician has no tenant until one is assigned. 409 for a taken user name.")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status409Conflict);
        api.MapPut("/technicians/{id:guid}/tenants/{tenantId:guid}", async (Guid id, Guid tenantId, GrantRequest request, TechnicianOperations technicians, CancellationToken ct) =>
        {
            await technicians.GrantAsync(id, tenantId, request.Permissions ?? [], ct);
            return TypedResults.NoContent();
        }).RequirePermission("technicians", "update")
            .WithName("AssignTechnicianTenant").WithSummary("Assign a tenant to a technician")
            .WithDescription("Grants exactly the permissions given there, replacing an earlier grant. 404 for an unknown tenant.")
            .ProducesProblem(Status400BadRequest).ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        api.MapDelete("/technicians/{id:guid}/tenants/{tenantId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (
                Guid id, Guid tenantId, TechnicianOperations technicians, CancellationToken ct) =>
            await technicians.RevokeAsync(id, tenantId, ct)
                ? TypedResults.NoContent()
                : TypedResults.Problem(statusCode: Status404NotFound, title: "Not found", detail: $"Technician {id} has no assignment in tenant {tenantId}."))
            .RequirePermission("technicians", "update")
            .WithName("RevokeTechnicianTenant").WithSummary("Take a tenant away from a technician")
            .ProducesProblem(Status404NotFound);

        api.MapGet("/licence", (LicenceOperations licence, CancellationToken ct) => licence.ReportAsync(ct)).RequirePermission("licence", "view")
            .WithName("GetLicence").WithSummary("Report the licence and every tenant's features and quota usage");
    }

    private static async Task<Results<Ok<SessionToken>, ProblemHttpResult>> SignInAsync(SignInRequest request, HubSignIn signIn, CancellationToken ct) =>
        await signIn.SignInAsync(request.UserName ?? "", request.Password ?? "", request.Tenant, ct) is { } token
            ? TypedResults.Ok(token)
            : TypedResults.Problem(statusCode: Status401Unauthorized, title: "Sign-in failed", detail: "The user name or password is wrong.");

    private static ProblemHttpResult NotInTenant(string what, Guid id) =>
        TypedResults.Problem(statusCode: Status404NotFound, title: "Not found", detail: $"This tenant has no {what} {id}.");
}
