using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>
/// An RFC 9457 answer of one <see cref="MspHubProblemType"/>, written through the host's
/// <see cref="IProblemDetailsService"/> (so its customisations apply) and as plain ProblemDetails JSON when
/// the host has none or it declines. The detail is capped, so no caller input is ever echoed at length.
/// </summary>
internal sealed class MspHubProblem : IResult, IStatusCodeHttpResult
{
    /// <summary>The longest detail written; anything longer is cut.</summary>
    public const int MaxDetailLength = 400;

    private readonly (string Name, object? Value)[] _extensions;

    public MspHubProblem(MspHubProblemType type, string detail, params (string Name, object? Value)[] extensions)
    {
        Type = type;
        Detail = Guard.Shorten(detail, MaxDetailLength + 1);
        _extensions = extensions;
    }

    /// <summary>The body of every 401 MspHub gives after a challenge that wrote none: the caller has no valid credentials.</summary>
    public static MspHubProblem AuthenticationRequired { get; } =
        new(MspHubProblemTypes.AuthenticationRequired, "Sign in: send a valid session token or API key.");

    public MspHubProblemType Type { get; }

    public string Detail { get; }

    public int? StatusCode => Type.Status;

    /// <summary>When set, the <c>Retry-After</c> header in whole seconds: the refusal is temporary and the caller should try again then.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Whether a permission policy already counted this refusal (<see cref="MspHubDiagnostics.AccessDeniedCounter"/>).</summary>
    public bool DenialCounted { get; init; }

    /// <summary>The tag of a permission refusal that names no permission (one only an MSP admin passes, say).</summary>
    public const string UnnamedPermission = "unnamed";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = new ProblemDetails { Type = Type.Type, Title = Type.Title, Status = Type.Status, Detail = Detail };
        foreach (var (name, value) in _extensions)
        {
            problem.Extensions[name] = value;
        }

        // A permission refusal no policy counted (a service's own check: the vault, branding, the audit log) is counted
        // here, so the metric covers every 403 permission-required, whichever check gave it.
        if (Type == MspHubProblemTypes.PermissionRequired && !DenialCounted)
        {
            httpContext.RequestServices.GetService<MspHubTelemetry>()?.PermissionDenied(
                problem.Extensions.TryGetValue("permission", out var permission) && permission is string named ? named : UnnamedPermission,
                crossTenant: false,
                httpContext.GetTenant()?.Id ?? Guid.Empty);
        }

        httpContext.Response.StatusCode = Type.Status;
        if (RetryAfter is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var service = ServiceWrites(httpContext) ? httpContext.RequestServices.GetService<IProblemDetailsService>() : null;
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }).ConfigureAwait(false))
        {
            await httpContext.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", httpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the host's <see cref="IProblemDetailsService"/> can be trusted with this endpoint. MVC's writer claims
    /// every controller endpoint but writes nothing for one without <c>[ApiController]</c> (dotnet/aspnetcore#67053),
    /// which would leave a bare 403; such endpoints get the plain ProblemDetails JSON instead.
    /// </summary>
    private static bool ServiceWrites(HttpContext httpContext) =>
        httpContext.GetEndpoint()?.Metadata is not { } metadata
        || metadata.GetMetadata<ControllerAttribute>() is null
        || metadata.GetMetadata<IApiBehaviorMetadata>() is not null;
}
