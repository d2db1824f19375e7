namespace MspHub;

/// <summary>One secret in the MSP's governance view: its metadata and what governance asks of it, never its value.</summary>
/// <param name="Secret">The metadata.</param>
/// <param name="TenantSlug">The owning tenant's slug.</param>
/// <param name="SinceRotation">How long the current version has been in use.</param>
/// <param name="ExpiringSoon">Whether it expires within <see cref="VaultOptions.ExpiringWithin"/>, or has expired.</param>
public sealed record VaultSecretOverview(VaultSecretMetadata Secret, string TenantSlug, TimeSpan SinceRotation, bool ExpiringSoon);
