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
        var sameName = Input.SameName(dashboard.Name);
#pragma warning disable CA1304, CA1311, CA1862 // ToLower() is what EF Core translates to the database's lower()
        if (await db.Dashboards.AnyAsync(d => d.Name.ToLower() == sameName, cancellationToken))
#pragma warning restore CA1304, CA1311, CA1862
        {
            throw new ConflictException("dashboard", "name", dashboard.Name);
        }

        db.Dashboards.Add(dashboard);
        await db.SaveChangesAsync(cancellationToken);
        return dashboard;
    }

    /// <summary>
    /// Copies the dashboard into each named tenant that has no dashboard of its name yet. Every target is checked
    /// before anything is copied: an unknown or suspended tenant, or one where the user may not create dashboards,
    /// fails the whole request and copies nothing. A tenant that already has a dashboard of that name (an earlier
    /// copy, when a request is sent again) is left as it is: names are unique per tenant, so the name is the
    /// natural check that makes a repeated request copy nothing twice.
    /// </summary>
    /// <returns>What was copied, or null when the active tenant has no such dashboard.</returns>
    public async Task<DashboardCopies?> DuplicateAsync(Guid id, IReadOnlyCollection<string> targetSlugs, CancellationToken cancellationToken)
    {
        var source = tenancy.Current.RequireTenant("dashboards");
        if (await db.Dashboards.Where(d => d.Id == id).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken) is not { } name)
        {
            return null;
        }

        // Copying publishes the dashboard to the targets' users, so it takes create rights here as well as there.
        await session.DemandAsync(Perm.DashboardsCreate, cancellationToken);

        if (targetSlugs.Count == 0)
        {
            throw new ArgumentException("Choose at least one tenant to duplicate the dashboard to.");
        }

        var targets = new List<Tenant>();
        foreach (var slug in targetSlugs.Distinct(StringComparer.Ordinal))
        {
            var target = TenantSlug.CouldMatch(slug) ? await tenants.FindBySlugAsync(slug, cancellationToken) : null;
            if (target?.Id == source.Id)
            {
                throw new ArgumentException($"The dashboard is in '{source.Slug}' already; choose other tenants to duplicate it to.");
            }

            if (target is not { Status: TenantStatus.Active } || !await session.CanInAsync(target.Id, Perm.DashboardsCreate, cancellationToken))
            {
                // One message for unknown and forbidden tenants, so the answer does not reveal which slugs exist; text that
                // is no slug at all is not echoed.
                throw new PermissionDeniedException(new Permission("dashboards", "create"), TenantSlug.CouldMatch(slug) ? slug : "(not a tenant slug)");
            }

            targets.Add(target);
        }

        var copyTo = new List<Tenant>();
        var alreadyThere = new List<string>();
        var sameName = Input.SameName(name);
        foreach (var target in targets)
        {
            using (tenancy.BeginScope(target))
            {
#pragma warning disable CA1304, CA1311, CA1862 // ToLower() is what EF Core translates to the database's lower()
                if (await db.Dashboards.AnyAsync(d => d.Name.ToLower() == sameName, cancellationToken))
#pragma warning restore CA1304, CA1311, CA1862
                {
                    alreadyThere.Add(target.Slug);
                }
                else
                {
                    copyTo.Add(target);
                }
            }
        }

        if (copyTo.Count > 0)
        {
            // Two requests racing past the check above meet the unique name index: the second copies nothing.
            await transfer.CopyAsync<Dashboard>(source.Id, d => d.Id == id, copyTo.Select(t => t.Id), cancellationToken);
        }

        return new DashboardCopies(name, [.. copyTo.Select(t => t.Slug)], alreadyThere);
    }
}
