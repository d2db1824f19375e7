using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantLifecycle"/> over <typeparamref name="TContext"/>. Every operation runs in one transaction
/// (the caller's when one is open) through the same scoped context as the stores it calls, so a failure at any
/// step leaves nothing behind.
/// </summary>
internal sealed class EntityFrameworkTenantLifecycle<TContext>(
    TContext context,
    ITenantStore tenants,
    ITenantAccessManager tenantAccess,
    IMspAccessManager mspAccess,
    ITenancy tenancy,
    IOptions<MspHubOptions> options,
    IEnumerable<IAuditHook> auditHooks,
    TimeProvider time) : ITenantLifecycle
    where TContext : DbContext
{
    /// <summary>Set while a dry run uses the lifecycle: its changes are rolled back, so nothing is reported to the audit hooks.</summary>
    internal bool SuppressAudit { get; set; }

    public async Task<Tenant> CreateAsync(string slug, string name, Guid? parentId = null, CancellationToken cancellationToken = default)
    {
        var tenant = Tenant.Create(slug, name, parentId, time);
        if (parentId is { } parent)
        {
            RefuseDepth((await AncestryAsync(parent, cancellationToken).ConfigureAwait(false)).Count + 1);
        }

        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await tenants.AddAsync(tenant, cancellationToken).ConfigureAwait(false);
            using (tenancy.BeginScope(tenant))
            {
                await tenantAccess.SeedDefaultRolesAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
            }

            await mspAccess.AddShadowMembershipsAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Audit(AuditActions.TenantCreated, tenant.Id, tenant.Slug);
        return tenant;
    }

    public Task<Tenant> UpdateAsync(Guid tenantId, string slug, string name, CancellationToken cancellationToken = default) =>
        ChangeAsync(tenantId, t => t with { Slug = slug, Name = name }, t => $"renamed to {t.Slug} ({t.Name})", cancellationToken);

    public async Task<Tenant> MoveAsync(Guid tenantId, Guid? newParentId, CancellationToken cancellationToken = default)
    {
        var height = await SubtreeHeightAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (newParentId is { } parent)
        {
            var ancestry = await AncestryAsync(parent, cancellationToken).ConfigureAwait(false);
            if (ancestry.Contains(tenantId))
            {
                throw new TenantOperationException("A tenant cannot move under itself or one of its own descendants; that would make a cycle.");
            }

            RefuseDepth(ancestry.Count + height);
        }

        return await ChangeAsync(tenantId, t => t with { ParentId = newParentId }, t => $"{t.Slug} moved under {newParentId?.ToString() ?? "the top level"}", cancellationToken)
            .ConfigureAwait(false);
    }

    public Task<Tenant> SuspendAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        ChangeAsync(
            tenantId,
            t => t.IsAdminTenancy
                ? throw new TenantOperationException($"'{t.Slug}' is the admin tenancy; suspending it would lock the MSP out.")
                : t with { Status = TenantStatus.Suspended },
            t => $"{t.Slug} suspended",
            cancellationToken);

    public Task<Tenant> ReactivateAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        ChangeAsync(tenantId, t => t with { Status = TenantStatus.Active }, t => $"{t.Slug} reactivated", cancellationToken);

    public async Task<TenantDeletionReport> DeleteAsync(Guid tenantId, string confirmSlug, CancellationToken cancellationToken = default)
    {
        var tenant = await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(tenantId.ToString());
        await RefuseDeletionAsync(tenant, confirmSlug, cancellationToken).ConfigureAwait(false);

        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        List<Guid> deletedUsers, movedUsers;
        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            using (tenancy.BeginCrossTenantScope("msphub.tenant-delete"))
            {
                (deletedUsers, movedUsers) = await SettleMembersAsync(tenantId, cancellationToken).ConfigureAwait(false);
                foreach (var table in TenantDeletion.InDeletionOrder(context.Model))
                {
                    Count(rows, table.Qualified, await DeleteRowsAsync(table, tenantId, cancellationToken).ConfigureAwait(false));
                }

                foreach (var (table, delete) in TenantDeletion.MspHubRows(context, tenantId))
                {
                    Count(rows, table, await delete(cancellationToken).ConfigureAwait(false));
                }
            }

            await tenants.RemoveAsync(tenantId, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Audit(AuditActions.TenantDeleted, tenantId, $"{tenant.Slug}: {rows.Values.Sum()} rows, {deletedUsers.Count} users deleted, {movedUsers.Count} kept");
        return new TenantDeletionReport(tenantId, tenant.Slug, rows, deletedUsers, movedUsers);
    }

    private async Task RefuseDeletionAsync(Tenant tenant, string confirmSlug, CancellationToken cancellationToken)
    {
        if (!string.Equals(confirmSlug?.Trim(), tenant.Slug, StringComparison.OrdinalIgnoreCase))
        {
            throw new TenantOperationException($"Type the tenant's slug '{tenant.Slug}' to confirm deleting it and everything it owns.");
        }

        if (tenant.IsAdminTenancy)
        {
            throw new TenantOperationException($"'{tenant.Slug}' is the admin tenancy and cannot be deleted; designate another tenant first.");
        }

        if (tenancy.Current.TenantId == tenant.Id)
        {
            throw new TenantOperationException($"'{tenant.Slug}' is the tenant you are working in; switch to another tenant before deleting it.");
        }

        if ((await tenants.ListAsync(new TenantQuery { ParentId = tenant.Id, PageSize = 1 }, cancellationToken).ConfigureAwait(false)).TotalCount > 0)
        {
            throw new TenantOperationException($"'{tenant.Slug}' has child tenants; move or delete them first.");
        }
    }

    // Tenant users who belonged only here are deleted; the others keep their other tenants, one of which
    // becomes primary where this one was. MSP staff lose only their shadow memberships and grants here.
    private async Task<(List<Guid> Deleted, List<Guid> Moved)> SettleMembersAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var memberships = context.Set<Membership>();
        var members = await memberships.AsNoTracking().Where(m => m.TenantId == tenantId && !m.IsShadow)
            .Join(context.Set<HubUser>().Where(u => u.SystemRole == SystemRole.None), m => m.UserId, u => u.Id, (m, u) => m)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        List<Guid> deleted = [], moved = [];
        foreach (var member in members)
        {
            var next = await memberships.AsNoTracking().Where(m => m.UserId == member.UserId && m.TenantId != tenantId)
                .OrderByDescending(m => m.IsPrimary).ThenBy(m => m.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                await context.Set<HubUser>().Where(u => u.Id == member.UserId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                deleted.Add(member.UserId);
                continue;
            }

            if (member.IsPrimary && !next.IsPrimary)
            {
                // One primary per user, checked by the database on every statement: clear the old one first.
                await memberships.Where(m => m.UserId == member.UserId && m.TenantId == tenantId)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.IsPrimary, false), cancellationToken).ConfigureAwait(false);
                await memberships.Where(m => m.UserId == next.UserId && m.TenantId == next.TenantId)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.IsPrimary, true), cancellationToken).ConfigureAwait(false);
            }

            moved.Add(member.UserId);
        }

        return (deleted, moved);
    }

    private Task<int> DeleteRowsAsync(TenantTable table, Guid tenantId, CancellationToken cancellationToken)
    {
        var sql = context.GetService<ISqlGenerationHelper>();
#pragma warning disable EF1002 // The identifiers come from the model and are delimited by the provider; the tenant id is a parameter.
        return context.Database.ExecuteSqlRawAsync(
            $"DELETE FROM {sql.DelimitIdentifier(table.Table, table.Schema)} WHERE {sql.DelimitIdentifier(table.TenantIdColumn)} = {{0}}",
            [tenantId],
            cancellationToken);
#pragma warning restore EF1002
    }

    private async Task<Tenant> ChangeAsync(Guid tenantId, Func<Tenant, Tenant> change, Func<Tenant, string> describe, CancellationToken cancellationToken)
    {
        var tenant = await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(tenantId.ToString());
        var changed = change(tenant);
        await tenants.UpdateAsync(changed, cancellationToken).ConfigureAwait(false);
        Audit(AuditActions.TenantChanged, tenantId, describe(changed));
        return changed;
    }

    // The tenant and its ancestors, nearest first; stops past the depth limit, so a corrupt cycle cannot loop.
    private async Task<List<Guid>> AncestryAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var ancestry = new List<Guid>();
        for (Guid? current = tenantId; current is { } id && ancestry.Count <= options.Value.MaxTenantDepth;)
        {
            var tenant = await tenants.FindByIdAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(id.ToString());
            ancestry.Add(id);
            current = tenant.ParentId;
        }

        return ancestry;
    }

    // How many levels the subtree under (and including) the tenant spans.
    private async Task<int> SubtreeHeightAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        _ = await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(tenantId.ToString());
        var height = 0;
        for (List<Guid> level = [tenantId]; level.Count > 0 && height <= options.Value.MaxTenantDepth; height++)
        {
            var children = await tenants.ListAsync(new TenantQuery { ParentIds = level, PageSize = TenantQuery.MaxPageSize }, cancellationToken).ConfigureAwait(false);
            level = [.. children.Items.Select(t => t.Id)];
        }

        return height;
    }

    private void RefuseDepth(int depth)
    {
        if (depth > options.Value.MaxTenantDepth)
        {
            throw new TenantOperationException(
                $"That would put a tenant {depth} levels deep; the hierarchy allows {options.Value.MaxTenantDepth} (MspHub:MaxTenantDepth).");
        }
    }

    private static void Count(Dictionary<string, int> rows, string table, int deleted)
    {
        if (deleted > 0)
        {
            rows[table] = rows.GetValueOrDefault(table) + deleted;
        }
    }

    private void Audit(string action, Guid tenantId, string subject)
    {
        if (SuppressAudit)
        {
            return;
        }

        var auditEvent = new AuditEvent(action, time.GetUtcNow(), tenantId, subject);
        foreach (var hook in auditHooks)
        {
            hook.Record(auditEvent);
        }
    }
}
