namespace MspHub.SampleHub.Operations;

/// <summary>
/// The summary report as the page shows it: one row per tenant, a column per entity type, the automs quota and the
/// last activity, sorted as asked, with a total row.
/// </summary>
public sealed record SummaryReport(string Scope, IReadOnlyList<string> Entities, IReadOnlyList<TenantSummary> Rows, string Sort, bool Descending)
{
    public const string ByName = "name";

    public const string ByActivity = "activity";

    public const string ByQuota = "quota";

    /// <summary>Whether the tenants hold nothing yet: the page then says so instead of showing a table of zeros.</summary>
    public bool IsEmpty => Rows.All(r => r.Counts.Values.All(c => c == 0));

    public long Total(string entity) => Rows.Sum(r => Count(r, entity));

    public QuotaUsage? TotalQuota(string quota) =>
        Rows.SelectMany(r => r.Quotas).Where(q => q.Quota == quota).ToList() is { Count: > 0 } all ? new QuotaUsage(quota, all.Sum(q => q.Used), all.Sum(q => q.Limit)) : null;

    public DateTime? LastActivity => Rows.Max(r => r.LastActivity);

    public static long Count(TenantSummary row, string entity) => row.Counts.GetValueOrDefault(entity);

    public static QuotaUsage? Quota(TenantSummary row, string quota) => row.Quotas.FirstOrDefault(q => q.Quota == quota);

    /// <summary>Sorts by a column (<see cref="ByName"/>, <see cref="ByQuota"/>, <see cref="ByActivity"/> or an entity); an unknown column sorts by name.</summary>
    public static SummaryReport Sorted(string scope, IReadOnlyList<TenantSummary> rows, string quota, string? sort, bool descending)
    {
        IReadOnlyList<string> entities = [.. rows.SelectMany(r => r.Counts.Keys).Distinct().OrderBy(EntityLabels.Label, StringComparer.CurrentCulture)];
        var column = sort is ByQuota or ByActivity || (sort is not null && entities.Contains(sort)) ? sort : ByName;
        var byName = StringComparer.CurrentCultureIgnoreCase;
        var ordered = column switch
        {
            ByName => descending ? rows.OrderByDescending(r => r.Name, byName) : rows.OrderBy(r => r.Name, byName),
            ByActivity => descending ? rows.OrderByDescending(r => r.LastActivity) : rows.OrderBy(r => r.LastActivity),
            ByQuota => descending ? rows.OrderByDescending(r => Quota(r, quota)?.Used) : rows.OrderBy(r => Quota(r, quota)?.Used),
            _ => descending ? rows.OrderByDescending(r => Count(r, column)) : rows.OrderBy(r => Count(r, column)),
        };
        return new SummaryReport(scope, entities, [.. ordered.ThenBy(r => r.Name, byName)], column, descending);
    }
}
