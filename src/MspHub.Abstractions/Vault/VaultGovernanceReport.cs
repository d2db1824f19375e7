namespace MspHub;

/// <summary>What <see cref="IVaultGovernance.ReviewAsync"/> reports: every tenant's secrets, metadata only, with counts per tenant.</summary>
/// <param name="Secrets">Every secret, by tenant slug, then name.</param>
/// <param name="CountsByTenant">How many secrets each tenant holds, by tenant slug; tenants with none are left out.</param>
/// <param name="ExpiringSoon">How many secrets expire within <see cref="VaultOptions.ExpiringWithin"/> or have expired.</param>
public sealed record VaultGovernanceReport(IReadOnlyList<VaultSecretOverview> Secrets, IReadOnlyDictionary<string, int> CountsByTenant, int ExpiringSoon);
