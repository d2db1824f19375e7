using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Leaves a page's 403 without a body, so the status code pages show the friendly error page in the site's layout;
/// the API's refusals go on to <paramref name="problems"/>, MspHub's handler, which answers ProblemDetails.
/// </summary>
public sealed class PageAuthorizationResultHandler(IAuthorizationMiddlewareResultHandler problems) : IAuthorizationMiddlewareResultHandler
{
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && PageRequests.Is(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return problems.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>Puts the handler in front of the one registered last (MspHub's, after <c>AddMspHub</c>).</summary>
    public static void Register(IServiceCollection services)
    {
        var problems = services.Last(d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler));
        services.Remove(problems);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler>(provider => new PageAuthorizationResultHandler(problems switch
        {
            { ImplementationFactory: { } factory } => (IAuthorizationMiddlewareResultHandler)factory(provider),
            { ImplementationInstance: IAuthorizationMiddlewareResultHandler instance } => instance,
            _ => (IAuthorizationMiddlewareResultHandler)ActivatorUtilities.CreateInstance(provider, problems.ImplementationType!),
        }));
    }
}
