using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantLifecycle"/> over <typeparamref name="TContext"/>. Every operation runs in one transaction
/// (the caller's when one is open) through the same scoped context as the stores it calls, so a failure at any
/// step leaves nothing behind; a lost connection surfaces as a <see cref="StoreConnectionLostException"/>.
/// Each operation's audit record (MSP chain, the tenant as target) is written in that transaction too.
/// Deletion takes two: it commits its fence (the Deleting status) first, then removes everything in one.
/// </summary>
internal sealed class EntityFrameworkTenantLifecycle<TContext>(
    TContext context,
    ITenantStore tenants,
    ITenantAccessManager tenantAccess,
    IMspAccessManager mspAccess,
    ITenancy tenancy,
    IOptions<MspHubOptions> options,
    IAuditLog audit,
    IAuditStore auditStore,
    IAuditRetention retention,
    IServiceProvider services,
    IHubAlerts alerts,
    IPermissionEvaluator evaluator,
    MspHubTelemetry telemetry,
    TimeProvider time) : ITenantLifecycle
    where TContext : DbContext
{
    /// <summary>The subject of the tenant-limit alert: the install's tenants as a whole.</summary>
    internal const string TenantLimitSubject = "tenants";

    public Task<Tenant> CreateAsync(string slug, string name, Guid? parentId = null, CancellationToken cancellationToken = default) =>
        telemetry.LifecycleAsync(MspHubDiagnostics.LifecycleOperations.Create, tenantId: null, () => CreateMeasuredAsync(slug, name, parentId, cancellationToken));

    private async Task<Tenant> CreateMeasuredAsync(string slug, string name, Guid? parentId, CancellationToken cancellationToken)
    {
        var tenant = Tenant.Create(slug, name, parentId, time);
        try
        {
            await CreateInTransactionAsync(tenant, parentId, cancellationToken).ConfigureAwait(false);
        }
        catch (TenantLimitExceededException exceeded)
        {
            // After the creation's transaction ended, so the alert is written in one that commits.
            await alerts.RaiseToMspAsync(
                GateNotificationKind.TenantLimitReached,
                TenantLimitSubject,
                $"The licence's tenant limit is reached: {exceeded.Used} of {exceeded.Max} tenants. New tenants are refused until the licence allows more or tenants are deleted.",
                cancellationToken).ConfigureAwait(false);
            throw;
        }

        return tenant;
    }

    private Task<Tenant> CreateInTransactionAsync(Tenant tenant, Guid? parentId, CancellationToken cancellationToken) =>
        StoreOperation.RunAsync(context.Database, $"creating tenant '{tenant.Slug}'", parentId is null ? null : StoreDatabase.HierarchyLock, async _ =>
        {
            if (parentId is { } parent)
            {
                RefuseDepth((await AncestryAsync(parent, cancellationToken).ConfigureAwait(false)).Count + 1);
            }

            await tenants.AddAsync(tenant, cancellationToken).ConfigureAwait(false);
            using (tenancy.BeginScope(tenant))
            {
                await tenantAccess.SeedDefaultRolesAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
            }

            await mspAccess.AddShadowMembershipsAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
            await AuditAsync(AuditActions.TenantCreated, tenant, cancellationToken, ("name", tenant.Name), ("parent", parentId?.ToString())).ConfigureAwait(false);
            return tenant;
        }, cancellationToken);

    public Task<Tenant> UpdateAsync(Guid tenantId, string slug, string name, CancellationToken cancellationToken = default) =>
        telemetry.LifecycleAsync(
            MspHubDiagnostics.LifecycleOperations.Update, tenantId, () => ChangeAsync(tenantId, t => t with { Slug = slug, Name = name }, "renamed", cancellationToken));

    // The cycle check and the move are one transaction under the hierarchy lock, so two concurrent moves (A under
    // B, B under A) cannot both pass their checks before either writes. Access that flows down the tree (subtree
    // grants and memberships, inherited roles) changes with the move: the branch's cached permissions are dropped on
    // this node and, announced in the move's transaction, on every other node once it commits.
    public Task<Tenant> MoveAsync(Guid tenantId, Guid? newParentId, CancellationToken cancellationToken = default) =>
        telemetry.LifecycleAsync(MspHubDiagnostics.LifecycleOperations.Move, tenantId, () => MoveMeasuredAsync(tenantId, newParentId, cancellationToken));

    private async Task<Tenant> MoveMeasuredAsync(Guid tenantId, Guid? newParentId, CancellationToken cancellationToken)
    {
        try
        {
            return await MoveInTransactionAsync(tenantId, newParentId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateTenant(tenantId);
        }
    }

    private Task<Tenant> MoveInTransactionAsync(Guid tenantId, Guid? newParentId, CancellationToken cancellationToken) =>
        StoreOperation.RunAsync(context.Database, $"moving tenant {tenantId}", StoreDatabase.HierarchyLock, async _ =>
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

            await services.GetRequiredService<TechnicianGrants>().RefuseMoveUnderSubtreeGrantsAsync(tenantId, newParentId, cancellationToken).ConfigureAwait(false);
            var moved = await TenantChanges.MoveAsync(tenants, tenantId, newParentId, cancellationToken).ConfigureAwait(false);
            await AuditAsync(AuditActions.TenantChanged, moved, cancellationToken, ("change", "moved"), ("parent", newParentId?.ToString())).ConfigureAwait(false);
            await CacheNotifications.SendAsync(context.Database, [CacheChange.OfTenant(tenantId)], cancellationToken).ConfigureAwait(false);
            return moved;
        }, cancellationToken);

    public Task<Tenant> SuspendAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        telemetry.LifecycleAsync(
            MspHubDiagnostics.LifecycleOperations.Suspend,
            tenantId,
            () => ChangeAsync(tenantId, t => t with { Status = TenantStatus.Suspended }, "suspended", cancellationToken));

    public Task<Tenant> ReactivateAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        telemetry.LifecycleAsync(
            MspHubDiagnostics.LifecycleOperations.Reactivate, tenantId, () => ChangeAsync(tenantId, t => t with { Status = TenantStatus.Active }, "reactivated", cancellationToken));

    // First the fence: the Deleting status, committed on its own (unless the caller's transaction holds it), so
    // every node's entry check refuses the tenant before anything is removed. Then the removal, in one
    // transaction; if it fails the tenant stays fenced, and deleting it again finishes the job.
    public Task<TenantDeletionReport> DeleteAsync(Guid tenantId, string confirmSlug, CancellationToken cancellationToken = default) =>
        telemetry.LifecycleAsync(MspHubDiagnostics.LifecycleOperations.Delete, tenantId, () => DeleteMeasuredAsync(tenantId, confirmSlug, cancellationToken));

    private async Task<TenantDeletionReport> DeleteMeasuredAsync(Guid tenantId, string confirmSlug, CancellationToken cancellationToken)
    {
        var tenant = await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(tenantId.ToString());
        RefuseDeletion(tenant, confirmSlug);
        await RefuseChildrenAsync(tenant, cancellationToken).ConfigureAwait(false);
        var eraser = services.GetService<ITenantDataEraser>();
        if (eraser is not null)
        {
            await eraser.RefuseUnlessErasableAsync(tenant, cancellationToken).ConfigureAwait(false);
        }

        // Archived before anything is removed: a failing archive stops the deletion, and the certificate names the archive.
        var archive = await retention.ArchiveChainAsync(tenantId, cancellationToken).ConfigureAwait(false);
        tenant = await tenants.UpdateAsync(tenantId, t => RefuseDeletion(t, confirmSlug) with { Status = TenantStatus.Deleting }, cancellationToken).ConfigureAwait(false);

        // Data in another database (a placement's) goes first, while the tenant is fenced and still on record.
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        if (eraser is not null)
        {
            foreach (var (table, count) in await eraser.EraseAsync(tenant, cancellationToken).ConfigureAwait(false))
            {
                Count(rows, table, count);
            }
        }

        AuditRecord? certificate = null;
        var (deletedUsers, movedUsers) = await StoreOperation.RunAsync(context.Database, $"deleting tenant '{tenant.Slug}'", StoreDatabase.HierarchyLock, async _ =>
        {
            await RefuseChildrenAsync(tenant, cancellationToken).ConfigureAwait(false);
            using (tenancy.BeginCrossTenantScope("msphub.tenant-delete"))
            {
                // Crypto-shredding first: with the data key gone, the tenant's ciphertext is unreadable wherever a copy survives.
                var shredded = services.GetService<IVaultKeyShredder>() is { } shredder && await shredder.ShredAsync(tenantId, cancellationToken).ConfigureAwait(false);
                Count(rows, TenantDeletion.TableOf<VaultDataKeyRow>(context), shredded ? 1 : 0);
                var members = await SettleMembersAsync(tenantId, cancellationToken).ConfigureAwait(false);
                foreach (var table in TenantDeletion.InDeletionOrder(context.Model))
                {
                    Count(rows, table.Qualified, await DeleteRowsAsync(table, tenantId, cancellationToken).ConfigureAwait(false));
                }

                foreach (var (table, delete) in TenantDeletion.MspHubRows(context, tenantId, members.Deleted))
                {
                    Count(rows, table, await delete(cancellationToken).ConfigureAwait(false));
                }

                Count(rows, TenantDeletion.TableOf<Tenant>(context), await tenants.RemoveAsync(tenantId, cancellationToken).ConfigureAwait(false) ? 1 : 0);
                await AuditAsync(
                    AuditActions.TenantDeleted,
                    tenant,
                    cancellationToken,
                    ("rows", Number(rows.Values.Sum())),
                    ("users-deleted", Number(members.Deleted.Count)),
                    ("users-kept", Number(members.Moved.Count)));
                var head = await auditStore.GetHeadAsync(tenantId, cancellationToken).ConfigureAwait(false);
                certificate = await audit.RecordAsync(TenantDeletionCertificate.For(tenant, rows, members.Deleted.Count, head, archive, shredded), cancellationToken).ConfigureAwait(false);
                return members;
            }
        }, cancellationToken).ConfigureAwait(false);

        return new TenantDeletionReport(tenantId, tenant.Slug, rows, deletedUsers, movedUsers) { Certificate = certificate };
    }

    private Tenant RefuseDeletion(Tenant tenant, string confirmSlug)
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

        return tenant;
    }

    private async Task RefuseChildrenAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        if ((await tenants.ListAsync(new TenantQuery { ParentId = tenant.Id, PageSize = 1 }, cancellationToken).ConfigureAwait(false)).Items.Count > 0)
        {
            throw new TenantOperationException($"'{tenant.Slug}' has child tenants; move or delete them first.");
        }
    }

    // Tenant users who belonged only here are to be deleted (the caller does, last); the others keep their other
    // tenants, one of which becomes primary where this one was. MSP staff lose only their shadow memberships and
    // grants here.
    private async Task<(List<Guid> Deleted, List<Guid> Moved)> SettleMembersAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var memberships = context.Set<Membership>();
        // The tenant's roles first, then its members' user rows: the order saving a membership or removing a role takes
        // them in, so either waits for the other instead of deadlocking.
        await context.Set<TenantRole>().Where(r => r.TenantId == tenantId).LockAsync(cancellationToken).ConfigureAwait(false);
        var users = context.Set<HubUser>();
        var members = await memberships.AsNoTracking().Where(m => m.TenantId == tenantId && !m.IsShadow)
            .Join(users.Where(u => u.SystemRole == SystemRole.None), m => m.UserId, u => u.Id, (m, u) => m)
            .OrderBy(m => m.UserId).ToListAsync(cancellationToken).ConfigureAwait(false);
        List<Guid> deleted = [], moved = [];
        foreach (var member in members)
        {
            // The user's row before their other tenants are read, one at a time in id order, as every change to a user's
            // access takes it: an invitation elsewhere accepted meanwhile has committed and keeps them, or waits and finds
            // them gone, instead of their new membership going with them (or the two deadlocking).
            await users.Where(u => u.Id == member.UserId).LockAsync(cancellationToken).ConfigureAwait(false);
            var next = await memberships.AsNoTracking().Where(m => m.UserId == member.UserId && m.TenantId != tenantId)
                .OrderByDescending(m => m.IsPrimary).ThenBy(m => m.TenantId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                deleted.Add(member.UserId); // deleted last, after every row that may reference the user
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

    // The identifiers come from the model and are delimited by the provider; the tenant id is a parameter.
    private Task<int> DeleteRowsAsync(TenantTable table, Guid tenantId, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlRawAsync(TableSql.For(context).DeleteTenantRows(table), [tenantId], cancellationToken);

    private Task<Tenant> ChangeAsync(Guid tenantId, Func<Tenant, Tenant> change, string what, CancellationToken cancellationToken) =>
        StoreOperation.RunAsync(context.Database, $"changing tenant {tenantId}", lockKey: null, async _ =>
        {
            var changed = await tenants.UpdateAsync(tenantId, t => change(TenantChanges.RefuseDeleting(t)), cancellationToken).ConfigureAwait(false);
            await AuditAsync(AuditActions.TenantChanged, changed, cancellationToken, ("change", what), ("slug", changed.Slug), ("name", changed.Name)).ConfigureAwait(false);
            return changed;
        }, cancellationToken);

    // The tenant and its ancestors, nearest first, read from the database rather than a cache (a move decides on
    // them); stops past the depth limit, so a corrupt cycle cannot loop. A tenant being deleted takes no children.
    private async Task<List<Guid>> AncestryAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var ancestry = new List<Guid>();
        for (Guid? current = tenantId; current is { } id && ancestry.Count <= options.Value.MaxTenantDepth;)
        {
            var tenant = await FreshAsync(id, cancellationToken).ConfigureAwait(false);
            if (ancestry.Count == 0)
            {
                TenantChanges.RefuseDeleting(tenant);
            }

            ancestry.Add(id);
            current = tenant.ParentId;
        }

        return ancestry;
    }

    // How many levels the subtree under (and including) the tenant spans.
    private async Task<int> SubtreeHeightAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        _ = await FreshAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var height = 0;
        for (List<Guid> level = [tenantId]; level.Count > 0 && height <= options.Value.MaxTenantDepth; height++)
        {
            // Every child, not a page of them: a deep branch under the 501st child counts as much as one under the first.
            var parents = level;
            level = await context.Set<Tenant>().AsNoTracking().Where(t => t.ParentId != null && parents.Contains(t.ParentId.Value)).Select(t => t.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        return height;
    }

    private async Task<Tenant> FreshAsync(Guid id, CancellationToken cancellationToken) =>
        await context.Set<Tenant>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken).ConfigureAwait(false)
        ?? throw new TenantNotFoundException(id.ToString());

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

    // Tenant lifecycle is MSP-level: the MSP chain, with the tenant as target, in the operation's transaction.
    private Task<AuditRecord?> AuditAsync(string action, Tenant tenant, CancellationToken cancellationToken, params (string Key, string? Value)[] detail) =>
        audit.RecordAsync(
            new AuditEntry(action, tenantId: null)
            {
                TargetType = "tenant",
                TargetId = tenant.Id.ToString(),
                Detail = detail.Where(d => d.Value is not null).Append((Key: "slug", Value: tenant.Slug)).DistinctBy(d => d.Key)
                    .ToDictionary(d => d.Key, d => d.Value!, StringComparer.Ordinal),
            },
            cancellationToken);

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
