namespace MspHub;

/// <summary>One tenant in the summary report.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Slug">Its slug.</param>
/// <param name="Name">Its name.</param>
/// <param name="Counts">How many rows of each tenant-owned entity type it owns, by entity name; types it has none of are listed with 0.</param>
/// <param name="Quotas">Its usage and limit of every quota it has a counter for.</param>
/// <param name="LastActivity">The latest activity time among the entity types that track it, or <see langword="null"/> when none does or it has no rows.</param>
public sealed record TenantSummary(
    Guid TenantId, string Slug, string Name, IReadOnlyDictionary<string, long> Counts, IReadOnlyList<QuotaUsage> Quotas, DateTime? LastActivity);
