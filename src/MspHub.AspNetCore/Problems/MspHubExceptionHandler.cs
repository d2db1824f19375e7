using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>Answers the unhandled exceptions <see cref="ExceptionProblems"/> maps with ProblemDetails; others are left to the host.</summary>
internal sealed class MspHubExceptionHandler(ILogger<MspHubExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ExceptionProblems.For(exception, logger) is not { } problem)
        {
            return false;
        }

        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
