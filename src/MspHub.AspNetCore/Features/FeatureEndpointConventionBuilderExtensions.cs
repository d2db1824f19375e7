using Microsoft.AspNetCore.Builder;

namespace MspHub.AspNetCore;

/// <summary>Hides minimal API endpoints and route groups when a feature is off for the active tenant.</summary>
public static class FeatureEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Requires <paramref name="feature"/> to be on for the active tenant: included in the licence and not
    /// switched off for the tenant. Requests get 403 ProblemDetails naming the feature otherwise; the
    /// tenant's data behind the endpoint is untouched. Needs <c>AddFeaturePolicies()</c>.
    /// </summary>
    /// <example><code>app.MapGroup("/vault").RequireFeature("vault");</code></example>
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string feature)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new RequireFeatureAttribute(feature));
}
