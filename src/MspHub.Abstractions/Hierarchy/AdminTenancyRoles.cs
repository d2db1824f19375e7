namespace MspHub;

/// <summary>
/// What a tenant becoming the admin tenancy does to the tenants directly under it: they inherited its roles until now,
/// and nothing of the admin tenancy's access flows down any more (<see cref="TenantChainAccess.AdminTenancyId"/>), so
/// each gets a copy of every role it used to inherit from it and does not define itself. Their members keep what their
/// roles gave them, and from then on each tenant edits its own. Tenants being deleted are left alone.
/// </summary>
internal static class AdminTenancyRoles
{
    /// <summary>Copies the admin tenancy's roles into the tenants directly under it that lack one of that name; returns how many were copied.</summary>
    public static async Task<int> HandDownAsync(ITenantStore tenants, ITenantRoleStore roles, Guid adminTenancyId, CancellationToken cancellationToken)
    {
        var held = await roles.ListRolesAsync(adminTenancyId, cancellationToken).ConfigureAwait(false);
        var copied = 0;
        for (var page = 1; held.Count > 0; page++)
        {
            var children = (await tenants.ListAsync(new TenantQuery { ParentId = adminTenancyId, Page = page, PageSize = TenantQuery.MaxPageSize }, cancellationToken)
                .ConfigureAwait(false)).Items;
            foreach (var child in children.Where(c => c.Status != TenantStatus.Deleting))
            {
                var own = (await roles.ListRolesAsync(child.Id, cancellationToken).ConfigureAwait(false)).Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var role in held.Where(r => !own.Contains(r.Name)))
                {
                    await roles.SaveRoleAsync(role with { TenantId = child.Id }, cancellationToken).ConfigureAwait(false);
                    copied++;
                }
            }

            if (children.Count < TenantQuery.MaxPageSize)
            {
                break;
            }
        }

        return copied;
    }
}
