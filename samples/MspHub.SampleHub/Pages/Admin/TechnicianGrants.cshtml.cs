using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations.Grants;

namespace MspHub.SampleHub.Pages.Admin;

/// <summary>One technician's grants as a matrix: tenants down, permissions across, each line with its expiry and subtree choice.</summary>
[RequirePermission("technicians", "view")]
public sealed class TechnicianGrantsModel(GrantMatrixOperations matrix, CurrentSession session) : HubPage
{
    [FromRoute]
    public Guid Id { get; set; }

    public HubUser? Technician { get; private set; }

    public IReadOnlyList<GrantRow> Rows { get; private set; } = [];

    public bool CanUpdate { get; private set; }

    /// <summary>The lines as posted, shown again when the save is refused so nothing typed is lost.</summary>
    public IReadOnlyDictionary<Guid, GrantRowInput> Typed { get; private set; } = new Dictionary<Guid, GrantRowInput>();

    public GrantMode Mode { get; private set; } = GrantMode.Add;

    /// <summary>The permissions a technician can be granted: every tenant-level one, grouped by resource for the columns.</summary>
    public static IReadOnlyList<IGrouping<string, string>> Columns { get; } =
        [.. HubPermissions.AllTenantLevel.GroupBy(p => Permission.Parse(p).Resource)];

    public Task<IActionResult> OnPostAsync([FromForm] List<GrantRowInput> rows, GrantMode mode, CancellationToken cancellationToken)
    {
        Typed = rows.DistinctBy(r => r.TenantId).ToDictionary(r => r.TenantId); // a tenant posted twice is refused by SaveAsync
        Mode = mode;
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TechniciansUpdate, cancellationToken);
                return await matrix.SaveAsync(Id, rows, mode, cancellationToken);
            },
            cancellationToken);
    }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Technician = await matrix.FindTechnicianAsync(Id, cancellationToken);
        Rows = Technician is null ? [] : await matrix.RowsAsync(Id, cancellationToken);
        CanUpdate = await session.CanAsync(Perm.TechniciansUpdate, cancellationToken);
    }
}
