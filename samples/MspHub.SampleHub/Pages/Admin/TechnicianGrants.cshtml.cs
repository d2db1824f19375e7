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

    /// <param name="rows">The matrix's lines.</param>
    /// <param name="mode">"Add" or "Replace" as the form's choices post them; anything else (an edited form) saves nothing.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public Task<IActionResult> OnPostAsync([FromForm] List<GrantRowInput> rows, string? mode, CancellationToken cancellationToken)
    {
        Typed = rows.DistinctBy(r => r.TenantId).ToDictionary(r => r.TenantId); // a tenant posted twice is refused by SaveAsync
        // Bound as text: an enum binds an unknown value as Add (its default), which would save what was never chosen.
        var chosen = mode switch
        {
            nameof(GrantMode.Add) => GrantMode.Add,
            nameof(GrantMode.Replace) => GrantMode.Replace,
            _ => (GrantMode?)null,
        };
        Mode = chosen ?? GrantMode.Add;
        return ActAsync(
            async () =>
            {
                await session.DemandAsync(Perm.TechniciansUpdate, cancellationToken);
                return await matrix.SaveAsync(
                    Id, rows, chosen ?? throw new ArgumentException("Choose whether to add to the grants or replace them; nothing was saved."), cancellationToken);
            },
            cancellationToken);
    }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Technician = await matrix.FindTechnicianAsync(Id, cancellationToken);
        if (Technician is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound; // no technician has this id (an MSP admin's own is none either)
        }

        Rows = Technician is null ? [] : await matrix.RowsAsync(Id, cancellationToken);
        CanUpdate = await session.CanAsync(Perm.TechniciansUpdate, cancellationToken);
    }
}
