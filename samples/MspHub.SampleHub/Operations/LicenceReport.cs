namespace MspHub.SampleHub.Operations;

/// <summary>What the licence page and <c>GET /api/licence</c> show: the licence, its activation, the tenant count and each tenant's quota usage.</summary>
public sealed record LicenceReport(
    bool IsLicensed,
    string Status,
    string? Licensee,
    string? Edition,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> Features,
    IReadOnlyDictionary<string, long> DefaultQuotas,
    string TenantsInUse,
    string? ActivationNotice,
    IReadOnlyList<TenantSummary> Usage);
