using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>
/// Puts <see cref="ProblemAuthorizationResultHandler"/> in front of the <see cref="IAuthorizationMiddlewareResultHandler"/>
/// registered so far (the host's own, or ASP.NET Core's), so a host's handler keeps working for everything MspHub
/// does not answer. Registering it again changes nothing.
/// </summary>
internal static class ProblemAuthorizationResultHandlerRegistration
{
    public static void AddProblemAuthorizationResultHandler(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return;
        }

        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IAuthorizationMiddlewareResultHandler) && !d.IsKeyedService);
        if (existing is not null)
        {
            services.Remove(existing);
        }

        services.AddSingleton<Registered>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler>(provider => new ProblemAuthorizationResultHandler(Inner(provider, existing)));
    }

    private static IAuthorizationMiddlewareResultHandler Inner(IServiceProvider provider, ServiceDescriptor? existing) => existing switch
    {
        null => new AuthorizationMiddlewareResultHandler(),
        { ImplementationInstance: IAuthorizationMiddlewareResultHandler instance } => instance,
        { ImplementationFactory: { } factory } => (IAuthorizationMiddlewareResultHandler)factory(provider),
        { ImplementationType: { } type } => (IAuthorizationMiddlewareResultHandler)ActivatorUtilities.CreateInstance(provider, type),
        _ => new AuthorizationMiddlewareResultHandler(),
    };

    /// <summary>Marks the collection as already wrapped.</summary>
    private sealed class Registered;
}
