using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>The filter behind <c>.RequireGate(operation)</c>: decides in the active tenant, and runs the endpoint only when the gate lets the call through.</summary>
internal sealed class OperationGateEndpointFilter(string operation) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var gate = http.RequestServices.GetService<IOperationGate>()
            ?? throw new InvalidOperationException($"The endpoint requires the gate '{operation}', but no operation gates are registered. Call hub.AddOperationGates() inside AddMspHub(...).");
        if (http.RequestServices.GetRequiredService<ITenancy>().Current.TenantId is not { } tenantId)
        {
            return new MspHubProblem(MspHubProblemTypes.TenantRequired, $"'{operation}' is gated in a tenant, and no tenant is active: switch to one first.");
        }

        return await HttpGate.DecideAsync(http, gate, operation, tenantId).ConfigureAwait(false) ?? await next(context).ConfigureAwait(false);
    }
}
