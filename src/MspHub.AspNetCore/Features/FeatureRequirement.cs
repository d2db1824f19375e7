using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>Requires <see cref="Feature"/> to be on for the active tenant (licensed, and not switched off there).</summary>
/// <param name="feature">The feature, for example <c>vault</c>.</param>
public sealed class FeatureRequirement(string feature) : IAuthorizationRequirement
{
    /// <summary>The feature required.</summary>
    public string Feature { get; } = !string.IsNullOrWhiteSpace(feature) ? feature : throw new ArgumentException("A feature name is required.", nameof(feature));

    /// <inheritdoc />
    public override string ToString() => $"feature '{Feature}'";
}
