using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>
/// Requires a feature to be on for the active tenant; for controllers and actions. Minimal APIs use
/// <see cref="FeatureEndpointConventionBuilderExtensions.RequireFeature{TBuilder}(TBuilder, string)"/>.
/// </summary>
/// <param name="feature">The feature, for example <c>vault</c>.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
public sealed class RequireFeatureAttribute(string feature) : AuthorizeAttribute, IAuthorizationRequirementData
{
    private readonly FeatureRequirement _requirement = new(feature);

    /// <summary>The feature required.</summary>
    public string Feature => _requirement.Feature;

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() => [_requirement];
}
