namespace MspHub;

/// <summary>A counter that <see cref="IQuotaCounter.ReconcileAsync"/> found wrong and set to the real count.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="Quota">The quota.</param>
/// <param name="Counted">What the counter said.</param>
/// <param name="Actual">How many items really exist, now the counter's value.</param>
public sealed record QuotaCorrection(Guid TenantId, string Quota, long Counted, long Actual);
