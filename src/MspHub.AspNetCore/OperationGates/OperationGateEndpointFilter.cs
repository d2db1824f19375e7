using System.IO.Pipelines;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// The filter behind <c>.RequireGate(operation)</c>: decides in the active tenant, and runs the endpoint only when the
/// gate lets the call through. The call is bound to the values the handler receives from the request (route, query,
/// header and body parameters, as JSON, in order), found once when the endpoint is built; services, the user and the
/// cancellation token are not arguments. A failure of the gate itself (its store unreachable) is answered with
/// ProblemDetails.
/// </summary>
internal sealed class OperationGateEndpointFilter
{
    // NaN and the infinities bind to double and float parameters, so the arguments must be able to say them.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly HashSet<Type> NotArguments =
    [
        typeof(HttpContext), typeof(HttpRequest), typeof(HttpResponse), typeof(ClaimsPrincipal), typeof(CancellationToken), typeof(Stream), typeof(PipeReader),
    ];

    private readonly string _operation;
    private readonly (int Index, string Name, Type Type)[] _arguments;

    private OperationGateEndpointFilter(string operation, (int, string, Type)[] arguments)
    {
        _operation = operation;
        _arguments = arguments;
    }

    public static EndpointFilterDelegate Create(string operation, EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var services = factory.ApplicationServices.GetService<IServiceProviderIsService>();
        var arguments = factory.MethodInfo.GetParameters()
            .Where(p => !NotArguments.Contains(p.ParameterType) && p.GetCustomAttribute<FromServicesAttribute>() is null
                && p.GetCustomAttribute<FromKeyedServicesAttribute>() is null && services?.IsService(p.ParameterType) != true)
            .Select(p => (p.Position, p.Name ?? "", p.ParameterType))
            .ToArray();
        var filter = new OperationGateEndpointFilter(operation, arguments);
        return invocation => filter.InvokeAsync(invocation, next);
    }

    private async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var gate = http.RequestServices.GetService<IOperationGate>()
            ?? throw new InvalidOperationException($"The endpoint requires the gate '{_operation}', but no operation gates are registered. Call hub.AddOperationGates() inside AddMspHub(...).");
        if (http.RequestServices.GetRequiredService<ITenancy>().Current.TenantId is not { } tenantId)
        {
            return new MspHubProblem(MspHubProblemTypes.TenantRequired, $"'{_operation}' is gated in a tenant, and no tenant is active: switch to one first.");
        }

        var arguments = new string?[_arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var (index, name, type) = _arguments[i];
            arguments[i] = $"{name}={JsonSerializer.Serialize(context.Arguments[index], type, Json)}";
        }

        IResult? refused;
        try
        {
            refused = await HttpGate.DecideAsync(http, gate, _operation, tenantId, arguments).ConfigureAwait(false);
        }
        catch (Exception error) when (ExceptionProblems.For(error, http.RequestServices.GetRequiredService<ILogger<OperationGateEndpointFilter>>()) is { } problem)
        {
            // The gate's own failures (its store unreachable, say) are MspHub's to answer, whether or not the host maps them.
            return problem;
        }

        return refused ?? await next(context).ConfigureAwait(false);
    }
}
