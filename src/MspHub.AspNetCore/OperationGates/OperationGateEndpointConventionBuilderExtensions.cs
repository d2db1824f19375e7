using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>Puts endpoints behind an operation gate.</summary>
public static class OperationGateEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Runs the endpoint only when the operation gate lets the call through in the active tenant: L0 at once, L1 with a
    /// notification, L2 once another person approved this exact request (else 202 with an <c>approval-required</c>
    /// problem naming the request, and its <c>Location</c>; repeat the call with the
    /// <see cref="OperationGateDefaults.ApprovalHeader"/> header), L3 only for a person who signed in recently (else
    /// 403 <c>operation-refused</c>). An approval is bound to the values the handler receives (route, query, header and
    /// body parameters); an endpoint that reads the raw body itself should gate in code with <see cref="IOperationGate"/>.
    /// Needs <c>hub.AddOperationGates()</c>.
    /// </summary>
    /// <example><code>app.MapDelete("/tenants/{id}", DeleteTenant).RequireGate(GateOperations.TenantDelete);</code></example>
    public static TBuilder RequireGate<TBuilder>(this TBuilder builder, string operation)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        return builder.AddEndpointFilterFactory((factory, next) => OperationGateEndpointFilter.Create(operation, factory, next));
    }
}
