using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>Answers an unhandled <see cref="MspHubException"/> with the ProblemDetails <see cref="MspHubProblems"/> maps it to.</summary>
internal sealed class MspHubExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not MspHubException hubException)
        {
            return false;
        }

        await MspHubProblems.For(hubException).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
