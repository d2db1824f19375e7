using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
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
        Detail = detail.Length <= MaxDetailLength ? detail : string.Concat(detail.AsSpan(0, MaxDetailLength), "…");
        _extensions = extensions;
    }

    public MspHubProblemType Type { get; }

    public string Detail { get; }

    public int? StatusCode => Type.Status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = new ProblemDetails { Type = Type.Type, Title = Type.Title, Status = Type.Status, Detail = Detail };
        foreach (var (name, value) in _extensions)
        {
            problem.Extensions[name] = value;
        }

        httpContext.Response.StatusCode = Type.Status;
        var service = httpContext.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem }).ConfigureAwait(false))
        {
            await httpContext.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
