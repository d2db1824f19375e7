using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// Where a tenant's quota limit comes from: its own override, else the subtree limit of the tenant or its nearest
/// ancestor that sets one, else the registered sources' default (the first that has one, else 0, so nothing is
/// granted by omission); never above the lowest cap a source sets, so no override or parent hands out more than the licence.
/// </summary>
internal static class QuotaLimits
{
    public static long Default(IEnumerable<IQuotaDefaults> defaults, string quota) =>
        defaults.Select(d => d.GetDefaultLimit(quota)).FirstOrDefault(l => l is not null) ?? 0;

    /// <summary>
    /// The cap on any one tenant's limit: the lowest any source sets, so no source registered before the licence can lift
    /// the licence's; <see cref="long.MaxValue"/> when none sets one.
    /// </summary>
    public static long Cap(IEnumerable<IQuotaDefaults> defaults, string quota) =>
        defaults.Select(d => d.GetMaxLimit(quota)).Where(l => l is not null).Min() ?? long.MaxValue;

    /// <summary>Why a tenant's limit is <paramref name="limit"/> when a source's cap sets it there, or <see langword="null"/>.</summary>
    public static string? CapReason(IEnumerable<IQuotaDefaults> defaults, string quota, long limit) =>
        defaults.Where(d => d.GetMaxLimit(quota) == limit).Select(d => d.GetMaxLimitReason(quota)).FirstOrDefault(r => r is not null);

    /// <summary>The limit a tenant has: <paramref name="own"/> when it sets one, else <paramref name="inherited"/>, never above <paramref name="cap"/>.</summary>
    public static long Effective(long? own, long inherited, long cap) => Math.Min(own ?? inherited, cap);

    /// <summary>
    /// The limit of <paramref name="quota"/> each of <paramref name="tenantIds"/> has when it sets none itself, capped.
    /// The tree is read from the database, not a cache, so a tenant moved under another parent has that parent's
    /// limit from its next read; the walk is skipped altogether when no tenant sets a subtree limit for the quota.
    /// </summary>
    public static async Task<Dictionary<Guid, long>> InheritedAsync(
        DbContext context, IQuotaDefaults[] defaults, IReadOnlyCollection<Guid> tenantIds, string quota, CancellationToken cancellationToken)
    {
        // The host's sources run before any store scope is opened.
        var cap = Cap(defaults, quota);
        var fallback = Math.Min(Default(defaults, quota), cap);
        var subtreeLimits = await SubtreeLimitsAsync(context, quota, cancellationToken).ConfigureAwait(false);
        if (subtreeLimits.Count == 0)
        {
            return tenantIds.Distinct().ToDictionary(id => id, _ => fallback);
        }

        var ancestries = await TenantLineage.AncestriesAsync(context, tenantIds, cancellationToken).ConfigureAwait(false);
        return ancestries.ToDictionary(
            a => a.Key,
            a => Math.Min(
                a.Value.Prepend(a.Key).Select(id => subtreeLimits.TryGetValue(id, out var limit) ? limit : (long?)null).FirstOrDefault(l => l is not null) ?? fallback,
                cap));
    }

    // Every tenant's subtree limit of the quota (few: only the parents someone set one at), across row-level security,
    // since a tenant's limit may come from an ancestor's row.
    private static async Task<Dictionary<Guid, long>> SubtreeLimitsAsync(DbContext context, string quota, CancellationToken cancellationToken)
    {
        using var scope = StoreScope.AllTenants();
        return await context.Set<QuotaCounterRow>().AsNoTracking()
            .Where(r => r.Quota == quota && r.SubtreeLimit != null)
            .ToDictionaryAsync(r => r.TenantId, r => r.SubtreeLimit!.Value, cancellationToken).ConfigureAwait(false);
    }
}
