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
}
