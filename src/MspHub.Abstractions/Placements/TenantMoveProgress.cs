namespace MspHub;

/// <summary>Where a tenant move has got to.</summary>
/// <param name="TenantId">The tenant being moved.</param>
/// <param name="Stage">The stage that is starting.</param>
/// <param name="RowsCopied">Rows copied to the target so far, catch-up included.</param>
public sealed record TenantMoveProgress(Guid TenantId, TenantMoveStage Stage, long RowsCopied);
