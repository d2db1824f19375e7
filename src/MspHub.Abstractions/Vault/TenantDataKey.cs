namespace MspHub;

/// <summary>A tenant's wrapped data key, as the rotation walk reads it.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Key">Its wrapped data key.</param>
public sealed record TenantDataKey(Guid TenantId, WrappedDataKey Key);
