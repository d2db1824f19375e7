using Microsoft.EntityFrameworkCore;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>The active tenant's dashboards, and duplicating one into other tenants the user may create dashboards in.</summary>
public sealed class DashboardOperations(SampleDb db, ITenantDataTransfer transfer, ITenantStore tenants, ITenancy tenancy, CurrentSession session)
{
    public Task<List<Dashboard>> ListAsync(CancellationToken cancellationToken) => db.Dashboards.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);

    public async Task<Dashboard> CreateAsync(string? name, string? widgets, CancellationToken cancellationToken)
    {
        var dashboard = new Dashboard { Name = Input.Name(name, "A dashboard's name"), Widgets = widgets?.Trim() ?? "" };
        db.Dashboards.Add(dashboard);
        await db.SaveChangesAsync(cancellationToken);
        return dashboard;
    }

    /// <summary>
    /// Copies the dashboard into each named tenant. Every target is checked before anything is copied: an unknown
    /// or suspended tenant, or one where the user may not create dashboards, fails the whole request and copies nothing.
    /// </summary>
    /// <returns>The number of copies made, or null when the active tenant has no such dashboard.</returns>
    public async Task<int?> DuplicateAsync(Guid id, IReadOnlyCollection<string> targetSlugs, CancellationToken cancellationToken)
    {
        var source = tenancy.Current.RequireTenant("dashboards");
        if (!await db.Dashboards.AnyAsync(d => d.Id == id, cancellationToken))
        {
            return null;
        }

        // Copying publishes the dashboard to the targets' users, so it takes create rights here as well as there.
        await session.DemandAsync(Perm.DashboardsCreate, cancellationToken);

        if (targetSlugs.Count == 0)
        {
            throw new ArgumentException("Choose at least one tenant to duplicate the dashboard to.");
        }

        var targets = new List<Guid>();
        foreach (var slug in targetSlugs.Distinct(StringComparer.Ordinal))
        {
            var target = TenantSlug.CouldMatch(slug) ? await tenants.FindBySlugAsync(slug, cancellationToken) : null;
            if (target is not { Status: TenantStatus.Active } || target.Id == source.Id
                || !await session.CanInAsync(target.Id, Perm.DashboardsCreate, cancellationToken))
            {
                // One message for unknown and forbidden tenants, so the answer does not reveal which slugs exist.
                throw new PermissionDeniedException(new Permission("dashboards", "create"), slug);
            }

            targets.Add(target.Id);
        }

        var reports = await transfer.CopyAsync<Dashboard>(source.Id, d => d.Id == id, targets, cancellationToken);
        return reports.Count;
    }
}
