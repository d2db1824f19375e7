using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>What deleting a tenant has to reach: every tenant-owned table, dependents before the rows they reference, and MspHub's own per-tenant rows.</summary>
internal static class TenantDeletion
{
    /// <summary>
    /// The tenant-owned tables of <paramref name="model"/>, each after every tenant-owned table whose rows
    /// reference it, so no delete trips a foreign key; tables in a reference cycle come last, in model order.
    /// </summary>
    public static IReadOnlyList<TenantTable> InDeletionOrder(IModel model)
    {
        var tables = TenantTable.In(model).ToList();
        var names = tables.Select(t => (t.Table, t.Schema)).ToHashSet();
        var referencedBy = tables.ToDictionary(t => (t.Table, t.Schema), _ => new HashSet<(string, string?)>());
        foreach (var foreignKey in model.GetEntityTypes().SelectMany(e => e.GetForeignKeys()))
        {
            var dependent = (foreignKey.DeclaringEntityType.GetTableName()!, foreignKey.DeclaringEntityType.GetSchema());
            var principal = (foreignKey.PrincipalEntityType.GetTableName()!, foreignKey.PrincipalEntityType.GetSchema());
            if (dependent != principal && names.Contains(dependent) && names.Contains(principal))
            {
                referencedBy[principal].Add(dependent);
            }
        }

        var ordered = new List<TenantTable>();
        var remaining = new List<TenantTable>(tables);
        while (remaining.Count > 0)
        {
            var free = remaining.Where(t => !referencedBy[(t.Table, t.Schema)].Any(d => remaining.Any(r => (r.Table, r.Schema) == d))).ToList();
            var next = free.Count > 0 ? free : remaining;
            ordered.AddRange(next);
            remaining.RemoveAll(next.Contains);
        }

        return ordered;
    }

    /// <summary>
    /// MspHub's own rows of <paramref name="tenantId"/>, by table, each with the statement that deletes them, in an
    /// order no foreign key trips over: what references the tenant's users (memberships, grants, elevations and requests for them, API keys) before
    /// the users in <paramref name="users"/> (who belonged only to this tenant, and whose rows in the host's
    /// tenant-owned tables are gone by now); the tenant's logo once no other branding shows it, so it is no
    /// longer served; the tenant's invitations, and those other tenants sent to the users deleted, which no one
    /// could ever accept; the vault's data key (when no vault shredded it first), versions and secrets; and, with
    /// placements, the tenant's placement (its data is gone by then: <see cref="ITenantDataEraser"/>).
    /// </summary>
    public static IEnumerable<(string Table, Func<CancellationToken, Task<int>> Delete)> MspHubRows(DbContext context, Guid tenantId, IReadOnlyCollection<Guid> users)
    {
        var brandings = context.Set<BrandingRow>();
        var logo = brandings.Where(b => b.ScopeId == tenantId).Select(b => b.LogoSha256);
        yield return (TableOf<BrandingLogo>(context), async ct =>
        {
            await StoreDatabase.LockAsync(context.Database, StoreDatabase.LogosLock, ct).ConfigureAwait(false);
            return await BrandingLogos.Unshown(context, l => logo.Contains(l.Sha256), tenantId).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        });
        yield return (TableOf<BrandingRow>(context), ct => brandings.Where(b => b.ScopeId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<TenantRole>(context), ct => context.Set<TenantRole>().Where(r => r.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<Membership>(context), ct => context.Set<Membership>().Where(m => m.TenantId == tenantId).ExecuteDeleteAsync(ct));
        // Requests before grants, the order an approval takes them in, so the two wait for each other rather than deadlock.
        yield return (TableOf<TechnicianGrantRequest>(context), ct => context.Set<TechnicianGrantRequest>().Where(r => r.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<TechnicianGrant>(context), ct => context.Set<TechnicianGrant>().Where(g => g.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<TechnicianElevation>(context), ct => context.Set<TechnicianElevation>().Where(e => e.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<TenantInvitation>(context), ct => context.Set<TenantInvitation>()
            .Where(i => i.TenantId == tenantId || users.Contains(i.InvitedUserId)).ExecuteDeleteAsync(ct));
        yield return (TableOf<QuotaCounterRow>(context), ct => context.Set<QuotaCounterRow>().Where(q => q.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<ApiKey>(context), ct => context.Set<ApiKey>().Where(k => k.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<SettingRow>(context), ct => context.Set<SettingRow>().Where(s => s.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<ApprovalRequest>(context), ct => context.Set<ApprovalRequest>().Where(r => r.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<GateNotificationRow>(context), ct => context.Set<GateNotificationRow>().Where(n => n.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<VaultDataKeyRow>(context), ct => context.Set<VaultDataKeyRow>().Where(k => k.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<VaultVersionRow>(context), ct => context.Set<VaultVersionRow>().Where(v => v.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<VaultSecretRow>(context), ct => context.Set<VaultSecretRow>().Where(s => s.TenantId == tenantId).ExecuteDeleteAsync(ct));
        yield return (TableOf<ExternalLinkRow>(context), ct => context.Set<ExternalLinkRow>()
            .Where(l => (l.Kind == ExternalLinkRow.TenantKind && l.LocalId == tenantId) || (l.Kind == ExternalLinkRow.UserKind && users.Contains(l.LocalId)))
            .ExecuteDeleteAsync(ct));
        yield return (TableOf<HubUser>(context), ct => context.Set<HubUser>().Where(u => users.Contains(u.Id)).ExecuteDeleteAsync(ct));
        if (context.Model.FindEntityType(typeof(PlacementRow)) is not null)
        {
            yield return (TableOf<PlacementRow>(context), ct => context.Set<PlacementRow>().Where(p => p.TenantId == tenantId).ExecuteDeleteAsync(ct));
        }
    }

    /// <summary>The table <typeparamref name="T"/> maps to, schema-qualified where it has a schema, as deletion reports name it.</summary>
    public static string TableOf<T>(DbContext context) => TableNames.Qualified(context.Model.FindEntityType(typeof(T))!);
}
