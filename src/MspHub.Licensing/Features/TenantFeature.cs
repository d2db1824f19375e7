namespace MspHub.Licensing;

/// <summary>A licensed feature and whether a tenant has it on, with where that comes from, for a settings page.</summary>
/// <param name="Name">The feature, for example <c>vault</c>.</param>
/// <param name="Enabled">Whether it is on for the tenant.</param>
public sealed record TenantFeature(string Name, bool Enabled)
{
    /// <summary>The tenant's own choice; <see cref="FeatureChoice.Inherit"/> when <see cref="Enabled"/> comes from an ancestor or the default.</summary>
    public FeatureChoice Choice { get; init; }

    /// <summary>
    /// The tenant whose choice decides (the tenant itself or an ancestor), or <see langword="null"/> when no tenant on
    /// the way up chooses and the feature is on because the licence includes it; lets a page say "inherited from Acme".
    /// </summary>
    public Guid? SourceTenantId { get; init; }
}
