namespace MspHub;

/// <summary>What a tenant list is sorted by. Ties are broken by id so pages never overlap.</summary>
public enum TenantSortField
{
    /// <summary>Display name.</summary>
    Name = 0,

    /// <summary>Slug.</summary>
    Slug = 1,

    /// <summary>Creation time.</summary>
    CreatedAt = 2,

    /// <summary>
    /// Usage of the quota named by <see cref="TenantQuery.UsageQuota"/>, then name. Database stores sort by the
    /// quota counters; the in-memory store keeps no counters and sorts by name.
    /// </summary>
    Usage = 3,
}
