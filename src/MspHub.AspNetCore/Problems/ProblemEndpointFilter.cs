using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// Answers what a <c>MapMspHub()</c> endpoint throws with the same problems the exception handler gives,
/// so MspHub's own endpoints answer ProblemDetails whether or not the host added <c>AddProblemDetailsMapping()</c>.
/// </summary>
internal sealed class ProblemEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        // Once the response has started (a streamed export failing part way) no problem can be written over it: the
        // error goes on to the server, which logs it and ends the response cut short.
        catch (Exception error) when (!context.HttpContext.Response.HasStarted)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<ProblemEndpointFilter>>();
            if (ExceptionProblems.For(error, logger) is not { } problem)
            {
                throw;
            }

            return problem;
        }
    }
}
