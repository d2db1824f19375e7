using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>Maps the endpoints through which a client tenant oversees the MSP's delegated access to it; opt-in, like every MspHub group.</summary>
public static class TechnicianAccessEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>, for signed-in users holding <see cref="TechnicianConsent.Permission"/> in the active tenant:
    /// <list type="bullet">
    /// <item><c>GET {prefix}/technician-access</c>: who from the MSP holds what in the tenant, since and until when, and which requests wait for consent (<see cref="ITenantAccessManager.ListTechnicianAccessAsync"/>).</item>
    /// <item><c>POST {prefix}/technician-access/requests/{id}/approve</c>: approves a pending request as the signed-in user and answers the grant now in force; <c>POST {prefix}/technician-access/requests/{id}/decline</c>: 204. A request that is unknown, another tenant's, answered or withdrawn gets 404 <c>grant-request-not-available</c>, the same for all; an approver who is not one of the tenant's own people (MSP staff, the requester) gets 409 <c>access-rule</c>.</item>
    /// <item><c>DELETE {prefix}/technician-access/{userId}</c>: revokes the technician's grant in the tenant, 204, or 404 <c>not-found</c> when they hold none.</item>
    /// </list>
    /// With operation gates added (<c>hub.AddOperationGates()</c>), just-in-time elevation (<see cref="ITechnicianElevation"/>) too:
    /// <list type="bullet">
    /// <item><c>POST {prefix}/technician-access/elevations</c>, for any signed-in user in the active tenant (the technician asking):
    /// the body is an <see cref="ElevationBody"/>; 200 with the elevation in force, or 202 <c>approval-required</c> naming the request
    /// at L2. Repeat it with the <c>MspHub-Approval</c> header once approved. Refusals are 409 <c>access-rule</c> (no grant in force,
    /// a sensitive permission, a duration or reason out of bounds, the tenant's consent rule), 400 for an undeclared permission and
    /// 403 <c>operation-refused</c> from the gate.</item>
    /// <item><c>GET {prefix}/technician-access/elevations</c>: the tenant's elevations, in force or expired (<see cref="ElevationEntry"/>).</item>
    /// <item><c>DELETE {prefix}/technician-access/{userId}/elevation</c>: ends the technician's elevation now, 204, or 404 <c>not-found</c>.</item>
    /// <item><c>DELETE {prefix}/technician-access/elevations/mine</c>, for the signed-in technician: ends their own elevation in the
    /// active tenant early, 204, or 404 <c>not-found</c> when they hold none.</item>
    /// </list>
    /// The permission is checked by the tenant gate like any <c>RequirePermission</c>: technicians never hold it (declare it sensitive),
    /// and another tenant's administrators hold nothing here, so both get 403. Every error is RFC 9457 ProblemDetails.
    /// Returns the administrators' group, for further conventions.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="TechnicianConsent.Permission"/> is not declared in the permission catalog.</exception>
    public static RouteGroupBuilder MapTechnicianAccess(this IEndpointRouteBuilder endpoints, string prefix = "/hub")
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Every call would otherwise be refused for a permission the host never declared: a set-up mistake, told at start.
        if (endpoints.ServiceProvider.GetService<PermissionCatalog>() is { } catalog && !catalog.TryGetId(TechnicianConsent.Permission, out _))
        {
            throw new InvalidOperationException(
                $"MapTechnicianAccess() maps endpoints for holders of '{TechnicianConsent.Permission}', which is not declared. Declare it, sensitive so "
                + "technicians never hold it, inside AddMspHub(...): hub.AddPermissions(p => p.Resource(\"access\").Action(\"consent\", sensitive: true)).");
        }

        var consent = TechnicianConsent.Permission.Split('.');
        var group = endpoints.MapGroup(prefix + "/technician-access")
            .RequirePermission(consent[0], consent[1])
            .WithMetadata(MspHubEndpointMetadata.Instance);
        group.AddEndpointFilter<ProblemEndpointFilter>().AddEndpointFilterFactory(SingleQueryValuesFilter.Create);
        group.MapGet("/", TechnicianAccessEndpoints.ListAsync);
        group.MapPost("/requests/{id}/approve", TechnicianAccessEndpoints.ApproveAsync);
        group.MapPost("/requests/{id}/decline", TechnicianAccessEndpoints.DeclineAsync);
        group.MapDelete("/{userId}", TechnicianAccessEndpoints.RevokeAsync);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(ITechnicianElevation)) == true)
        {
            group.MapGet("/elevations", ElevationEndpoints.ListAsync);
            group.MapDelete("/{userId}/elevation", ElevationEndpoints.EndAsync);

            // The technician asking holds no permission to name here: the service checks their grant in the tenant.
            var asking = endpoints.MapGroup(prefix + "/technician-access").RequireAuthorization().WithMetadata(MspHubEndpointMetadata.Instance);
            asking.AddEndpointFilter<ProblemEndpointFilter>().AddEndpointFilterFactory(SingleQueryValuesFilter.Create);
            asking.MapPost("/elevations", ElevationEndpoints.RequestAsync);
            asking.MapDelete("/elevations/mine", ElevationEndpoints.EndOwnAsync);
        }

        return group;
    }
}
