using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub.AspNetCore;

/// <summary>Registers the one tenant gate, once, for every part of this package that asks it.</summary>
internal static class TenantGateServiceCollectionExtensions
{
    public static IServiceCollection AddTenantGate(this IServiceCollection services)
    {
        services.TryAddScoped<ITenantGate, TenantGate>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IAuthorizationHandler, TenantEntryAuthorizationHandler>());
        return services;
    }
}
