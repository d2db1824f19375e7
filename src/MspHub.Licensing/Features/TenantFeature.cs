namespace MspHub.Licensing;

/// <summary>A licensed feature and whether a tenant has it on.</summary>
/// <param name="Name">The feature, for example <c>vault</c>.</param>
/// <param name="Enabled">Whether it is on for the tenant.</param>
public sealed record TenantFeature(string Name, bool Enabled);
