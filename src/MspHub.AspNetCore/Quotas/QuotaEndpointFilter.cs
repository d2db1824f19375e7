using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// Claims the quota before the handler runs, in a transaction the handler's saves join, and commits only
/// when the handler succeeds: an exception, an error result (4xx, 5xx, also inside <c>Results&lt;...&gt;</c>),
/// <c>Results.Forbid()</c> or <c>Results.Challenge()</c>, or an error status the handler set on the response
/// itself rolls back the count with the item. A tenant at its limit gets 409 ProblemDetails and the handler never runs;
/// a claim or commit that fails for another reason MspHub answers (no tenant active, the database unreachable) gets its
/// ProblemDetails too, whether or not the host maps exceptions to problems.
/// </summary>
internal sealed class QuotaEndpointFilter(string quota, long amount) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var cancellationToken = context.HttpContext.RequestAborted;
        var quotas = context.HttpContext.RequestServices.GetRequiredService<IQuotaCounter>();
        IQuotaClaim claim;
        try
        {
            claim = await quotas.ClaimAsync(quota, amount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (ProblemFor(context, error) is { } problem)
        {
            return problem;
        }

        await using (claim.ConfigureAwait(false))
        {
            var result = await next(context).ConfigureAwait(false);
            if (Refused(result) || context.HttpContext.Response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                return result;
            }

            try
            {
                await claim.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (!context.HttpContext.Response.HasStarted && ProblemFor(context, error) is { } problem)
            {
                // Not committed: the item went with the count, so the handler's answer would claim what did not happen.
                return problem;
            }

            return result;
        }
    }

    private static MspHubProblem? ProblemFor(EndpointFilterInvocationContext context, Exception error) =>
        ExceptionProblems.For(error, context.HttpContext.RequestServices.GetRequiredService<ILogger<QuotaEndpointFilter>>());

    // What the handler answered, looking through Results<...>'s wrapper to the result it holds.
    private static bool Refused(object? result) => result switch
    {
        INestedHttpResult nested => Refused(nested.Result),
        IStatusCodeHttpResult { StatusCode: >= StatusCodes.Status400BadRequest } => true,
        ForbidHttpResult or ChallengeHttpResult => true,
        _ => false,
    };
}
