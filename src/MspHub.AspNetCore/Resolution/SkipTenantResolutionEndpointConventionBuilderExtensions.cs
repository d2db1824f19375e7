using Microsoft.AspNetCore.Builder;

namespace MspHub.AspNetCore;

/// <summary>Opts endpoints out of tenant resolution.</summary>
public static class SkipTenantResolutionEndpointConventionBuilderExtensions
{
    /// <summary>Runs the endpoints with no tenant, whatever the request names (see <see cref="SkipTenantResolutionAttribute"/>).</summary>
    public static TBuilder SkipTenantResolution<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new SkipTenantResolutionAttribute());
    }
}
