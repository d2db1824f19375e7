using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages.Admin;

[RequirePermission("tenants", "view")]
public sealed class TenantsModel(TenantOperations tenants, ITenantStore store, ITenantLifecycle lifecycle, IQuotaCounter quotas, CurrentSession session) : HubPage
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public TenantSortField Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Descending { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>The last deletion's report, carried over the redirect.</summary>
    [TempData]
    public string? DeletionReport { get; set; }

    public TenantDeletionReport? Report { get; private set; }

    /// <summary>One page of tenants, each with its place in the hierarchy, so a sorted or searched page still says what is under what.</summary>
    public PagedResult<TenantTreeEntry> Listing { get; private set; } = new([], 0, 1, TenantOperations.TreePageSize);

    /// <summary>Tenants by name for the new tenant's parent, not only the ones on this page (as many as one query returns).</summary>
    public IReadOnlyList<Tenant> PossibleParents { get; private set; } = [];

    /// <summary>The search, sort and page shown, which the row actions post back to, so their answer shows the same rows.</summary>
    public Dictionary<string, string> ListRoute => new()
    {
        ["search"] = Search ?? "",
        ["sort"] = Sort.ToString(),
        ["descending"] = Descending ? "true" : "false",
        ["p"] = Listing.Page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The tenant the admin is working in, marked "you are here".</summary>
    public Guid? CurrentTenantId => session.Tenant?.Id;

    public TenantCount Count { get; private set; } = new(0, null);

    public IReadOnlyDictionary<Guid, long> Usage { get; private set; } = new Dictionary<Guid, long>();

    public bool CanCreate { get; private set; }

    /// <summary>How the sort choice reads; the enum's names are for code (<c>CreatedAt</c> read as "createdat").</summary>
    public static string SortLabel(TenantSortField field) => field switch
    {
        TenantSortField.Name => "name",
        TenantSortField.Slug => "slug",
        TenantSortField.CreatedAt => "creation date",
        TenantSortField.Usage => "automs in use",
        _ => field.ToString(),
    };

    /// <summary>A status as the badge reads it.</summary>
    public static string StatusLabel(TenantStatus status) => status switch
    {
        TenantStatus.Active => "Active",
        TenantStatus.Suspended => "Suspended",
        TenantStatus.Deleting => "Being deleted",
        _ => status.ToString(),
    };

    public bool CanUpdate { get; private set; }

    public bool CanDelete { get; private set; }

    public Task<IActionResult> OnPostCreateAsync(string? slug, string? name, string? parent, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.TenantsCreate, cancellationToken);
            var tenant = await tenants.CreateAsync(slug, name, parent, cancellationToken);
            return $"Tenant '{tenant.Name}' ({tenant.Slug}) created.";
        }, cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(Guid id, bool suspend, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.TenantsUpdate, cancellationToken);
            var tenant = suspend ? await lifecycle.SuspendAsync(id, cancellationToken) : await lifecycle.ReactivateAsync(id, cancellationToken);
            return $"Tenant '{tenant.Name}' is {tenant.Status.ToString().ToLowerInvariant()}.";
        }, cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(Guid id, string? confirm, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.TenantsDelete, cancellationToken);
            var report = await lifecycle.DeleteAsync(id, confirm ?? "", cancellationToken);
            DeletionReport = JsonSerializer.Serialize(report);
            return $"Tenant '{report.Slug}' and all its data were deleted.";
        }, cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        (Listing, Count) = await tenants.ListTreeAsync(Search, Sort, Descending, PageNumber, cancellationToken);
        if (Listing.Items.Count == 0 && Listing.TotalPages is > 0 and var last && PageNumber > last)
        {
            // The page emptied (its last tenant deleted or merged): show the last one that has tenants.
            (Listing, Count) = await tenants.ListTreeAsync(Search, Sort, Descending, last, cancellationToken);
        }

        PossibleParents = (await store.ListAsync(new TenantQuery { SortBy = TenantSortField.Name, PageSize = TenantQuery.MaxPageSize }, cancellationToken)).Items;
        var usage = new Dictionary<Guid, long>();
        foreach (var tenant in Listing.Items.Select(e => e.Tenant))
        {
            usage[tenant.Id] = (await quotas.GetUsageAsync(tenant.Id, HubNames.AutomsQuota, cancellationToken)).Used;
        }

        Usage = usage;
        Report = DeletionReport is { } json ? JsonSerializer.Deserialize<TenantDeletionReport>(json) : null;
        CanCreate = await session.CanAsync(Perm.TenantsCreate, cancellationToken);
        CanUpdate = await session.CanAsync(Perm.TenantsUpdate, cancellationToken);
        CanDelete = await session.CanAsync(Perm.TenantsDelete, cancellationToken);
    }
}
