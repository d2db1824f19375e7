namespace MspHub.SampleHub.Operations.Grants;

/// <summary>
/// A technician's grants as a matrix of tenants and permissions, read from the access store and saved through
/// <see cref="IMspAccessManager"/>: per tenant a grant with an optional expiry, for the tenant alone or its subtree.
/// </summary>
public sealed class GrantMatrixOperations(IAccessStore store, IMspAccessManager msp, ITenantStore tenants, TimeProvider time)
{
    /// <summary>The technician, or <see langword="null"/> when the id names nobody or someone who is not a technician.</summary>
    public async Task<HubUser?> FindTechnicianAsync(Guid userId, CancellationToken cancellationToken) =>
        await store.FindUserAsync(userId, cancellationToken) is { SystemRole: SystemRole.Technician } user ? user : null;

    /// <summary>Every client tenant (not the MSP's own admin tenancy), by name, with what the technician holds there.</summary>
    public async Task<IReadOnlyList<GrantRow>> RowsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var all = (await tenants.ListAsync(new TenantQuery { PageSize = TenantQuery.MaxPageSize }, cancellationToken)).Items
            .Where(t => !t.IsAdminTenancy).ToList();
        var grants = new Dictionary<Guid, TechnicianGrant>();
        foreach (var tenant in all)
        {
            if (await store.FindGrantAsync(userId, tenant.Id, cancellationToken) is { } grant)
            {
                grants[tenant.Id] = grant;
            }
        }

        var byId = all.ToDictionary(t => t.Id);
        return [.. all.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Select(t =>
        {
            var grant = grants.GetValueOrDefault(t.Id);
            return new GrantRow(t, grant, grant?.IsActiveAt(now) == true, SubtreeGrantAbove(t, byId, grants, now));
        })];
    }

    /// <summary>
    /// Saves the matrix: every line is checked first (tenant, expiry), so a refused line changes nothing, then each
    /// line that differs from what is held is granted, or revoked when replacing with nothing ticked.
    /// </summary>
    /// <returns>What changed, for the notice.</returns>
    public async Task<string> SaveAsync(Guid userId, IReadOnlyList<GrantRowInput> rows, GrantMode mode, CancellationToken cancellationToken)
    {
        _ = await FindTechnicianAsync(userId, cancellationToken) ?? throw new ArgumentException("This technician no longer exists.");
        var now = time.GetUtcNow();
        var planned = new List<(Tenant Tenant, TechnicianGrant? Current, IReadOnlyList<string> Permissions, DateTimeOffset? Expiry, bool Subtree)>();
        var seen = new HashSet<Guid>();
        foreach (var row in rows)
        {
            var tenant = await tenants.FindByIdAsync(row.TenantId, cancellationToken) ?? throw new TenantNotFoundException(row.TenantId.ToString());
            if (!seen.Add(tenant.Id))
            {
                // The page lists each tenant once, so only an edited post holds two lines for one; which should win is anyone's guess.
                throw new ArgumentException($"{tenant.Name} is on the form twice, so nothing was saved. Reload the page and save again.");
            }

            var expiry = GrantExpiry.Parse(row.Expires, tenant, now);
            var current = await store.FindGrantAsync(userId, tenant.Id, cancellationToken) is { } held && held.IsActiveAt(now) ? held : null;
            var ticked = row.Permissions.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal);
            IReadOnlyList<string> permissions = mode == GrantMode.Add && current is not null ? [.. current.Permissions.Union(ticked, StringComparer.Ordinal)] : [.. ticked];
            planned.Add((tenant, current, permissions, expiry, row.Subtree));
        }

        int granted = 0, revoked = 0, waiting = 0;
        foreach (var (tenant, current, permissions, expiry, subtree) in planned)
        {
            if (permissions.Count == 0)
            {
                if (current is not null && mode == GrantMode.Replace && await msp.RevokeAsync(userId, tenant.Id, cancellationToken))
                {
                    revoked++;
                }

                continue;
            }

            if (current is not null && current.ExpiresAt == expiry && current.IncludesDescendants == subtree
                && current.Permissions.ToHashSet(StringComparer.Ordinal).SetEquals(permissions))
            {
                continue;
            }

            var pending = subtree
                ? await msp.GrantSubtreeAsync(userId, tenant.Id, permissions, expiry, cancellationToken)
                : await msp.GrantAsync(userId, tenant.Id, permissions, expiry, cancellationToken);
            if (pending is null)
            {
                granted++;
            }
            else
            {
                waiting++;
            }
        }

        return granted + revoked + waiting == 0
            ? "Nothing changed: the grants already match."
            : $"Grants saved: {granted} granted or changed, {revoked} revoked{(waiting > 0 ? $", {waiting} waiting for the tenant's consent" : "")}.";
    }

    // The nearest ancestor holding a subtree grant in force: its grant acts in this tenant too.
    private static Tenant? SubtreeGrantAbove(Tenant tenant, Dictionary<Guid, Tenant> byId, Dictionary<Guid, TechnicianGrant> grants, DateTimeOffset now)
    {
        for (var parent = tenant.ParentId; parent is { } id && byId.TryGetValue(id, out var above); parent = above.ParentId)
        {
            if (grants.TryGetValue(id, out var grant) && grant.IncludesDescendants && grant.IsActiveAt(now))
            {
                return above;
            }
        }

        return null;
    }
}
