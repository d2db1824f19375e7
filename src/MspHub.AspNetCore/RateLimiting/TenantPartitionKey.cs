namespace MspHub.AspNetCore;

/// <summary>
/// One budget: a tenant's, or one client address's when no tenant is named. The limit is part of the key, so a changed
/// limit starts a new budget at once instead of waiting for the old limiter to go idle.
/// </summary>
internal readonly record struct TenantPartitionKey(Guid TenantId, string? Address, TenantRateLimit Limit);
