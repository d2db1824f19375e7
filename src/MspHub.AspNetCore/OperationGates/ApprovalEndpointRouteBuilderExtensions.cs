using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>Maps the approval and inbox endpoints into the group <c>MapMspHub()</c> returns; opt-in, like the gates themselves.</summary>
public static class ApprovalEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, in the active tenant: <c>GET /approvals</c> (optionally <c>?state=Pending</c>) and <c>GET /inbox</c> for
    /// holders of <see cref="OperationGateOptions.ReadPermission"/>; <c>GET /approvals/{id}</c> for them and the
    /// request's requester; <c>POST /approvals/{id}/approve</c> and <c>/deny</c>, which the gate allows only to another
    /// person holding the approve permission; and <c>POST /approvals/{id}/cancel</c> for the requester.
    /// </summary>
    /// <exception cref="InvalidOperationException">No operation gates are registered (<c>hub.AddOperationGates()</c>).</exception>
    /// <example><code>app.MapMspHub().MapApprovals();</code></example>
    public static RouteGroupBuilder MapApprovals(this RouteGroupBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var services = ((IEndpointRouteBuilder)hub).ServiceProvider;
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(IOperationApprovals)) != true)
        {
            throw new InvalidOperationException("MapApprovals() maps the operation gates' endpoints, but no operation gates are registered. Call hub.AddOperationGates() inside AddMspHub(...).");
        }

        var read = Permission.Parse(services.GetRequiredService<IOptions<OperationGateOptions>>().Value.ReadPermission);
        hub.MapGet("/approvals", ApprovalEndpoints.ListAsync).RequirePermission(read);
        hub.MapGet("/approvals/{id}", ApprovalEndpoints.GetAsync).WithName(OperationGateDefaults.ApprovalEndpointName);
        hub.MapPost("/approvals/{id}/approve", ApprovalEndpoints.ApproveAsync);
        hub.MapPost("/approvals/{id}/deny", ApprovalEndpoints.DenyAsync);
        hub.MapPost("/approvals/{id}/cancel", ApprovalEndpoints.CancelAsync);
        hub.MapGet("/inbox", ApprovalEndpoints.InboxAsync).RequirePermission(read);
        return hub;
    }
}
