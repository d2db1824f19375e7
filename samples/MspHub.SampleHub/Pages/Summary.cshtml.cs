using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

[RequirePermission("summary", "view")]
public sealed class SummaryModel(SummaryOperations summary) : HubPage
{
    public SummaryReport Report { get; private set; } = null!;

    public string Quota => HubNames.AutomsQuota;

    /// <summary>The column to sort by: name, quota, activity or an entity's type name.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Desc { get; set; }

    /// <summary>The address that sorts by <paramref name="column"/>: the other way round when it already sorts by it, else ascending.</summary>
    public string SortLink(string column) => Url.Page("/Summary", new { sort = column, desc = Report.Sort == column && !Report.Descending ? true : (bool?)null })!;

    /// <summary>The <c>aria-sort</c> value of a column header, so screen readers announce the order.</summary>
    public string AriaSort(string column) => Report.Sort != column ? "none" : Report.Descending ? "descending" : "ascending";

    protected override async Task LoadAsync(CancellationToken cancellationToken) => Report = await summary.ReportAsync(Sort, Desc, cancellationToken);
}
