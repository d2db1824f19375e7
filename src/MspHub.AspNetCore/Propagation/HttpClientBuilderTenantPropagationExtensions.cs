using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>Sends the ambient tenant along with an <see cref="HttpClient"/>'s requests.</summary>
public static class HttpClientBuilderTenantPropagationExtensions
{
    /// <summary>
    /// Adds the current tenant's id to each request of this client as <see cref="TenantPropagation.HeaderName"/>, so a
    /// downstream MspHub service acts in the same tenant. The header says which tenant, not who is asking: authenticate
    /// the call as a service (a client-credentials token, say), and have the receiving side accept the header only from
    /// such callers with <c>TrustTenantFromServices</c>.
    /// </summary>
    /// <param name="builder">The client being configured.</param>
    public static IHttpClientBuilder AddTenantPropagation(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler(services => new TenantPropagationHandler(services.GetRequiredService<ITenancy>()));
    }
}
