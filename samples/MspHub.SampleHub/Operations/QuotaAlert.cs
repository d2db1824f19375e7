namespace MspHub.SampleHub.Operations;

/// <summary>A tenant at or near one of its quota limits, as the MSP admin's licence page lists it.</summary>
public sealed record QuotaAlert(Guid TenantId, string TenantName, string Quota, long Used, long Limit)
{
    /// <summary>From this share of the limit on, a tenant is listed: early enough to raise the limit before users are refused.</summary>
    public const int NearPercent = 80;

    public bool AtLimit => Used >= Limit;

    public string Label => EntityLabels.Label(Quota);

    /// <summary>The tenants of <paramref name="tenants"/> at or near a limit, those at the limit first, then the fullest.</summary>
    public static IReadOnlyList<QuotaAlert> Near(IEnumerable<TenantSummary> tenants) =>
    [
        .. tenants
            .SelectMany(t => t.Quotas.Select(q => new QuotaAlert(t.TenantId, t.Name, q.Quota, q.Used, q.Limit)))
            .Where(a => a.AtLimit || a.Used * 100 >= a.Limit * NearPercent)
            .OrderByDescending(a => a.AtLimit).ThenByDescending(a => a.Limit == 0 ? 1 : (double)a.Used / a.Limit).ThenBy(a => a.TenantName, StringComparer.CurrentCulture),
    ];

    /// <summary>What a user refused by a quota reads: which limit, how much of it is used, and who can raise it.</summary>
    public static string Refusal(QuotaExceededException quota) =>
        $"{EntityLabels.Label(quota.Quota)} limit reached: {quota.Used} of {quota.Limit} in use, so nothing was created. "
        + "Delete one to make room, or ask your MSP administrator to raise this tenant's limit.";
}
