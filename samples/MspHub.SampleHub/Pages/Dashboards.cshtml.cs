using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

[RequirePermission("dashboards", "view")]
public sealed class DashboardsModel(DashboardOperations dashboards, CurrentSession session, ITenantDirectory directory) : HubPage
{
    public IReadOnlyList<Dashboard> Dashboards { get; private set; } = [];

    public bool CanCreate { get; private set; }

    /// <summary>The other tenants the user may create dashboards in.</summary>
    public IReadOnlyList<Tenant> Targets { get; private set; } = [];

    public Task<IActionResult> OnPostCreateAsync(string? name, string? widgets, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await session.DemandAsync(Perm.DashboardsCreate, cancellationToken);
            return $"Dashboard '{(await dashboards.CreateAsync(name, widgets, cancellationToken)).Name}' created.";
        }, cancellationToken);

    public Task<IActionResult> OnPostDuplicateAsync(Guid id, string[]? tenants, CancellationToken cancellationToken) =>
        ActAsync(async () =>
            await dashboards.DuplicateAsync(id, tenants ?? [], cancellationToken) is { } copies
                ? copies.Describe()
                : throw new ArgumentException("This tenant has no such dashboard; nothing was copied."),
            cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Dashboards = await dashboards.ListAsync(cancellationToken);
        CanCreate = await session.CanAsync(Perm.DashboardsCreate, cancellationToken);
        var visible = await directory.ListForAsync(session.UserId!.Value, new TenantQuery { Status = TenantStatus.Active, PageSize = TenantQuery.MaxPageSize }, cancellationToken);
        var targets = new List<Tenant>();
        foreach (var tenant in visible.Items.Where(t => t.Id != session.Tenant?.Id))
        {
            if (await session.CanInAsync(tenant.Id, Perm.DashboardsCreate, cancellationToken))
            {
                targets.Add(tenant);
            }
        }

        Targets = targets;
    }
}
