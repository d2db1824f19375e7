namespace MspHub;

/// <summary>How much of a quota a tenant uses, and its limit.</summary>
/// <param name="Quota">The quota's name.</param>
/// <param name="Used">How much is in use.</param>
/// <param name="Limit">The tenant's limit: its own override, else the nearest subtree limit above it, else the default, never above the licence's cap.</param>
public sealed record QuotaUsage(string Quota, long Used, long Limit);
