using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantDataTransfer"/> over <typeparamref name="TContext"/>. Rows change tenant by SQL in an
/// audited cross-tenant scope (the query compiler and the save guard refuse tenant id changes everywhere
/// else); dependents are moved first, through subqueries on the rows still in the source, so the keys of
/// any depth of dependents never have to be read into memory. Rows are read and saved through MspHub's own
/// context (<see cref="OwnContext"/>), never the host's change tracker.
/// </summary>
internal sealed class EntityFrameworkTenantDataTransfer<TContext>(
    TContext context, ITenantStore tenants, ITenancy tenancy, IQuotaCounter quotas, ITenantLifecycle lifecycle, IAuditLog audit, MspHubTelemetry telemetry,
    IPlacementCatalog? placements = null)
    : ITenantDataTransfer
    where TContext : DbContext
{
    public Task<TenantTransferReport> MoveAsync<TEntity>(
        Guid sourceTenantId, Guid targetTenantId, Expression<Func<TEntity, bool>> which, CancellationToken cancellationToken = default)
        where TEntity : class =>
        telemetry.TraceAsync(MspHubDiagnostics.TransferMoveActivity, sourceTenantId, () => MoveTracedAsync(sourceTenantId, targetTenantId, which, cancellationToken));

    private async Task<TenantTransferReport> MoveTracedAsync<TEntity>(
        Guid sourceTenantId, Guid targetTenantId, Expression<Func<TEntity, bool>> which, CancellationToken cancellationToken)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(which);
        var entityType = Root(typeof(TEntity), "moved between tenants");
        OwnContext.RefusePendingChanges(context, $"Moving {entityType.DisplayName()} rows", EntityGraph.Types(entityType).Contains);
        var (source, target) = await BothAsync(sourceTenantId, targetTenantId, cancellationToken).ConfigureAwait(false);

        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        return await StoreOperation.RunAsync(context.Database, $"moving {entityType.DisplayName()} rows from '{source.Slug}' to '{target.Slug}'", lockKey: null, async _ =>
        {
            await HoldTakingPartAsync([sourceTenantId, targetTenantId], cancellationToken).ConfigureAwait(false);
            List<object> keys;
            var own = OwnContext.For(context);
            await using (own.ConfigureAwait(false))
            using (tenancy.BeginScope(source))
            {
                await own.Set<TEntity>().Where(which).LoadAsync(cancellationToken).ConfigureAwait(false);
                var moving = own.ChangeTracker.Entries().Where(e => e.Metadata == entityType).Select(e => new GraphRow(e.Metadata, e.Entity, e.CurrentValues)).ToList();
                EntityGraph.RefuseOutsideReferences(moving, EntityGraph.Keys(moving));
                keys = [.. moving.Select(r => r.Values[entityType.FindPrimaryKey()!.Properties[0]]!)];
            }

            if (keys.Count == 0)
            {
                return new TenantTransferReport(sourceTenantId, targetTenantId, rows);
            }

            var moved = new Dictionary<IEntityType, int>();
            using (tenancy.BeginCrossTenantScope("msphub.tenant-move"))
            {
                var sql = TableSql.For(context);
                var plan = new List<TenantUpdate>();
                PlanMove(sql, entityType, await StageKeysAsync(sql, entityType, keys, cancellationToken).ConfigureAwait(false), plan);
                await UpdateAsync(plan, [sourceTenantId, targetTenantId], rows, moved, cancellationToken).ConfigureAwait(false);
#pragma warning disable EF1002 // The table's name is MspHub's own.
                await context.Database.ExecuteSqlRawAsync($"DROP TABLE {sql.MovingKeys}", cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
            }

            // Every moved row of a type that counts toward a quota counts in the target and is released in the source. The
            // counters are taken in tenant id order, then quota order, so moves in opposite directions wait for each other
            // instead of deadlocking.
            var counted = moved.GroupBy(m => TenantAnnotations.QuotaOf(m.Key)).Where(g => g.Key is not null)
                .Select(g => (Quota: g.Key!, Count: g.Sum(m => m.Value))).OrderBy(q => q.Quota, StringComparer.Ordinal).ToList();
            foreach (var tenant in new[] { source, target }.OrderBy(t => t.Id))
            {
                using (tenancy.BeginScope(tenant))
                {
                    foreach (var (quota, count) in counted)
                    {
                        await (tenant.Id == target.Id ? quotas.ConsumeAsync(quota, count, cancellationToken) : quotas.ReleaseAsync(quota, count, cancellationToken)).ConfigureAwait(false);
                    }
                }
            }

            await AuditAsync("move", source, target, rows, cancellationToken).ConfigureAwait(false);
            return new TenantTransferReport(sourceTenantId, targetTenantId, rows);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<TenantTransferReport>> CopyAsync<TEntity>(
        Guid sourceTenantId, Expression<Func<TEntity, bool>> which, IEnumerable<Guid> targetTenantIds, CancellationToken cancellationToken = default)
        where TEntity : class =>
        telemetry.TraceAsync(MspHubDiagnostics.TransferCopyActivity, sourceTenantId, () => CopyTracedAsync(sourceTenantId, which, targetTenantIds, cancellationToken));

    private async Task<IReadOnlyList<TenantTransferReport>> CopyTracedAsync<TEntity>(
        Guid sourceTenantId, Expression<Func<TEntity, bool>> which, IEnumerable<Guid> targetTenantIds, CancellationToken cancellationToken)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(which);
        ArgumentNullException.ThrowIfNull(targetTenantIds);
        var entityType = Root(typeof(TEntity), "copied between tenants");
        OwnContext.RefusePendingChanges(context, $"Copying {entityType.DisplayName()} rows", EntityGraph.Types(entityType).Contains);
        var source = await FindTakingPartAsync(sourceTenantId, cancellationToken).ConfigureAwait(false);
        var targets = new List<Tenant>();
        foreach (var targetId in targetTenantIds.Distinct())
        {
            targets.Add(targetId == sourceTenantId
                ? throw new TenantOperationException("A tenant cannot be a copy's source and its target.")
                : await FindTakingPartAsync(targetId, cancellationToken).ConfigureAwait(false));
        }

        var reports = new List<TenantTransferReport>();
        return await StoreOperation.RunAsync(context.Database, $"copying {entityType.DisplayName()} rows from '{source.Slug}'", lockKey: null, async _ =>
        {
            await HoldTakingPartAsync([sourceTenantId, .. targets.Select(t => t.Id)], cancellationToken).ConfigureAwait(false);
            var own = OwnContext.For(context);
            await using (own.ConfigureAwait(false))
            {
                List<GraphRow> graph;
                using (tenancy.BeginScope(source))
                {
                    graph = await EntityGraph.LoadAsync(own, entityType, own.Set<TEntity>().Where(which), cancellationToken).ConfigureAwait(false);
                }

                EntityGraph.RefuseOutsideReferences(graph, EntityGraph.Keys(graph));
                own.ChangeTracker.Clear();

                // In tenant id order, then quota order, as moves take the counters, so two copies into the same tenants wait
                // for each other instead of deadlocking; the reports keep the order the targets were given in.
                foreach (var target in targets.OrderBy(t => t.Id))
                {
                    using (tenancy.BeginScope(target))
                    {
                        foreach (var counted in graph.Where(n => !n.Type.IsOwned()).GroupBy(n => TenantAnnotations.QuotaOf(n.Type)).Where(g => g.Key is not null).OrderBy(g => g.Key, StringComparer.Ordinal))
                        {
                            await quotas.ConsumeAsync(counted.Key!, counted.Count(), cancellationToken).ConfigureAwait(false);
                        }

                        EntityGraph.AddCopies(own, graph, target.Id);
                        try
                        {
                            await own.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (DbUpdateException error) when (error.InnerException is System.Data.Common.DbException db && TenantReassignment.IsConstraintViolation(db))
                        {
                            throw new TenantOperationException($"Copying into '{target.Slug}' would break a constraint there (often a value that must be unique per tenant).", error);
                        }
                        finally
                        {
                            own.ChangeTracker.Clear();
                        }
                    }

                    var rows = graph.Where(n => OwnTable(n.Type)).GroupBy(n => TableNames.Qualified(n.Type)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                    reports.Add(new TenantTransferReport(sourceTenantId, target.Id, rows));
                    await AuditAsync("copy", source, target, rows, cancellationToken).ConfigureAwait(false);
                }
            }

            return (IReadOnlyList<TenantTransferReport>)[.. reports.OrderBy(r => targets.FindIndex(t => t.Id == r.TargetTenantId))];
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<TenantTransferReport> MergeAsync(
        Guid sourceTenantId, Guid targetTenantId, string confirmSourceSlug, TenantMergeOptions? options = null, CancellationToken cancellationToken = default) =>
        telemetry.TraceAsync(
            MspHubDiagnostics.TransferMergeActivity, sourceTenantId, () => MergeTracedAsync(sourceTenantId, targetTenantId, confirmSourceSlug, options, cancellationToken));

    private async Task<TenantTransferReport> MergeTracedAsync(
        Guid sourceTenantId, Guid targetTenantId, string confirmSourceSlug, TenantMergeOptions? options, CancellationToken cancellationToken)
    {
        if (placements is not null)
        {
            // The source's rows live in its placement's database, which this context does not reach; deleting the source would erase them.
            throw new TenantOperationException("Merging tenants is not supported with tenant placements: the source's data lives in its placement's database. Move the rows with your own code, then delete the source.");
        }

        OwnContext.RefusePendingChanges(context, "Merging tenants", _ => true);
        var (source, target) = await BothAsync(sourceTenantId, targetTenantId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(confirmSourceSlug?.Trim(), source.Slug, StringComparison.OrdinalIgnoreCase))
        {
            throw new TenantOperationException($"Type the slug of the tenant that disappears, '{source.Slug}', to confirm the merge.");
        }

        var roleMap = await RoleMapAsync(source, target, options?.RoleMap, cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        // Under the hierarchy lock first, as creating, moving and deleting tenants take it, since the merge ends by deleting
        // the source; and the source's row held for update from the start, as that deletion fences it, so no lock is
        // ever upgraded while another transfer out of the source waits on it.
        return await StoreOperation.RunAsync(context.Database, $"merging tenant '{source.Slug}' into '{target.Slug}'", StoreDatabase.HierarchyLock, async _ =>
        {
            await HoldTakingPartAsync([sourceTenantId, targetTenantId], cancellationToken, leaving: sourceTenantId).ConfigureAwait(false);
            using (tenancy.BeginCrossTenantScope("msphub.tenant-merge"))
            {
                // A secret is encrypted for its tenant alone (the tenant's id is bound into the ciphertext), so it cannot
                // move; deleting the source would shred it for good.
                if (await context.Set<VaultSecretRow>().AnyAsync(s => s.TenantId == sourceTenantId, cancellationToken).ConfigureAwait(false))
                {
                    throw new TenantOperationException(
                        $"'{source.Slug}' holds vault secrets, which are encrypted for it alone and would be destroyed with it. Store them again in '{target.Slug}' and delete them from '{source.Slug}' first.");
                }

                foreach (var counted in context.Model.GetEntityTypes().Where(e => e.FindAnnotation(TenantAnnotations.Quota)?.Value is string && TenantAnnotations.TenantIdProperty(e) is not null))
                {
                    var moving = (await TenantAggregates.CountAsync(context, counted, [sourceTenantId], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(sourceTenantId);
                    if (moving > 0)
                    {
                        using (tenancy.BeginScope(target))
                        {
                            await quotas.ConsumeAsync((string)counted[TenantAnnotations.Quota]!, moving, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                var sql = TableSql.For(context);
                var plan = TenantDeletion.InDeletionOrder(context.Model).Select(table => new TenantUpdate(table.Qualified, null, sql.ChangeTenant(table))).ToList();
                await UpdateAsync(plan, [sourceTenantId, targetTenantId], rows, moved: null, cancellationToken).ConfigureAwait(false);

                Count(rows, "memberships", await MoveMembershipsAsync(sourceTenantId, targetTenantId, roleMap, cancellationToken).ConfigureAwait(false));
            }

            await lifecycle.DeleteAsync(sourceTenantId, source.Slug, cancellationToken).ConfigureAwait(false);
            await AuditAsync("merge", source, target, rows, cancellationToken).ConfigureAwait(false);
            return new TenantTransferReport(sourceTenantId, targetTenantId, rows);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Dependents first, each selected through the principal rows still in the source, then the rows themselves, which
    // `which` (a condition on entityType's table) selects among the source's. Any key shape works: rows are selected by
    // the column that names their principal, never by their own key. (EntityGraph.Types refused cycles, so this ends.)
    private void PlanMove(TableSql sql, IEntityType entityType, string which, List<TenantUpdate> plan)
    {
        var table = TableOf(entityType);
        string Selected(IProperty principalColumn) =>
            $"SELECT {sql.Column(entityType, principalColumn)} FROM {sql.Table(table)} WHERE {sql.TenantColumn(table)} = {{0}} AND {which}";

        foreach (var (foreignKey, reference, principal) in EntityGraph.Dependents(entityType))
        {
            PlanMove(sql, foreignKey.DeclaringEntityType, $"{sql.Column(foreignKey.DeclaringEntityType, reference)} IN ({Selected(principal)})", plan);
        }

        // Owned data in a table of its own carries its owner's tenant id and references the owner with it.
        foreach (var ownership in entityType.GetReferencingForeignKeys().Where(fk => fk.IsOwnership && OwnTable(fk.DeclaringEntityType)))
        {
            var owned = TableOf(ownership.DeclaringEntityType);
            var reference = EntityGraph.ReferenceOf(ownership)!;
            plan.Add(new TenantUpdate(
                owned.Qualified,
                null,
                $"{sql.ChangeTenant(owned)} AND {sql.Column(ownership.DeclaringEntityType, reference)} IN ({Selected(EntityGraph.PrincipalColumn(ownership, reference))})"));
        }

        plan.Add(new TenantUpdate(table.Qualified, entityType, $"{sql.ChangeTenant(table)} AND {which}"));
    }

    // The keys of the rows a move selected, in a temporary table rather than one parameter each, which a large move would
    // run out of (SQLite allows 32,766, PostgreSQL 65,535); returns the condition that selects those rows. A table left by
    // a failed move in the same transaction is dropped first. Its key is indexed: a table bulk-loaded since its last
    // statistics looks small to the planner, which would then scan the keys once per row.
    private async Task<string> StageKeysAsync(TableSql sql, IEntityType entityType, List<object> keys, CancellationToken cancellationToken)
    {
        var keyProperty = entityType.FindPrimaryKey()!.Properties[0];
        var key = sql.Column(entityType, keyProperty);
        var id = sql.Identifier("id");
#pragma warning disable EF1002 // Identifiers and the column type come from the model and the provider; values are parameters.
        await context.Database.ExecuteSqlRawAsync(
            $"DROP TABLE IF EXISTS {sql.MovingKeys}; CREATE TEMP TABLE {sql.MovingKeys} ({id} {keyProperty.GetColumnType()} PRIMARY KEY)",
            cancellationToken).ConfigureAwait(false);
        foreach (var chunk in keys.Chunk(1000))
        {
            await context.Database.ExecuteSqlRawAsync(
                $"INSERT INTO {sql.MovingKeys} VALUES {string.Join(", ", chunk.Select((_, i) => $"({{{i}}})"))}", chunk, cancellationToken).ConfigureAwait(false);
        }

#pragma warning restore EF1002

        return $"{key} IN (SELECT {id} FROM {sql.MovingKeys})";
    }

    // One step for all of them: see TenantReassignment.
    private async Task UpdateAsync(List<TenantUpdate> plan, object[] parameters, Dictionary<string, int> rows, Dictionary<IEntityType, int>? moved, CancellationToken cancellationToken)
    {
        var counts = await TenantReassignment.RunAsync(context, [.. plan.Select(u => (u.Table, u.Sql))], parameters, "Moving rows", cancellationToken).ConfigureAwait(false);
        foreach (var (update, count) in plan.Zip(counts))
        {
            Count(rows, update.Table, count);
            if (moved is not null && update.Type is { } type)
            {
                moved[type] = moved.GetValueOrDefault(type) + count;
            }
        }
    }

    // Members of the source who are not yet members of the target join it, with the target roles their source roles map to,
    // for the target alone: a subtree membership of the source covered its own subtree, and kept at the target it would
    // open every tenant under the target.
    private async Task<int> MoveMembershipsAsync(Guid sourceTenantId, Guid targetTenantId, Dictionary<string, string> roleMap, CancellationToken cancellationToken)
    {
        var memberships = context.Set<Membership>();
        var moving = await memberships.AsNoTracking()
            .Where(m => m.TenantId == sourceTenantId && !m.IsShadow && !memberships.Any(t => t.TenantId == targetTenantId && t.UserId == m.UserId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        await OwnContext.SaveAsync(
            context,
            own => own.AddRange(moving.Select(m => m with
            {
                TenantId = targetTenantId,
                IsPrimary = false,
                IncludesDescendants = false,
                Roles = [.. m.Roles.Where(roleMap.ContainsKey).Select(r => roleMap[r]).Distinct(StringComparer.OrdinalIgnoreCase)],
            })),
            cancellationToken).ConfigureAwait(false);
        return moving.Count;
    }

    // The caller's role map, checked against both tenants' roles before anything changes; names as the target spells them.
    private async Task<Dictionary<string, string>> RoleMapAsync(Tenant source, Tenant target, IReadOnlyDictionary<string, string>? requested, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (requested is not { Count: > 0 })
        {
            return map;
        }

        // Both tenants' roles, read before the merge opens its audited cross-tenant scope.
        using var scope = StoreScope.AllTenants();
        var roles = context.Set<TenantRole>().AsNoTracking();
        var sourceRoles = (await roles.Where(r => r.TenantId == source.Id).Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var targetRoles = (await roles.Where(r => r.TenantId == target.Id).Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r, StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in requested)
        {
            if (!sourceRoles.Contains(from ?? string.Empty))
            {
                throw new TenantOperationException($"The role map names '{from}', which is not a role of '{source.Slug}'.");
            }

            map[from!] = targetRoles.TryGetValue(to ?? string.Empty, out var name)
                ? name
                : throw new TenantOperationException($"The role map maps '{from}' to '{to}', which is not a role of '{target.Slug}'; create it there first.");
        }

        return map;
    }

    private async Task<(Tenant Source, Tenant Target)> BothAsync(Guid sourceTenantId, Guid targetTenantId, CancellationToken cancellationToken)
    {
        if (sourceTenantId == targetTenantId)
        {
            throw new TenantOperationException("The source and target are the same tenant.");
        }

        return (await FindTakingPartAsync(sourceTenantId, cancellationToken).ConfigureAwait(false),
            await FindTakingPartAsync(targetTenantId, cancellationToken).ConfigureAwait(false));
    }

    // A tenant being deleted is fenced: rows copied or moved into it would outlive its deletion report, and rows read
    // out of it are data its deletion is removing.
    private async Task<Tenant> FindTakingPartAsync(Guid tenantId, CancellationToken cancellationToken) =>
        TakingPart(await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false), tenantId);

    // Checked again inside the transfer's transaction, from the database and holding each tenant's row until it ends, in
    // id order: a deletion fenced since the first check (which may have read a cache) is seen, and one fencing now waits
    // for the transfer, so no row lands in a tenant after its deletion removed that table's rows. Rows are held shared,
    // but the tenant a merge is leaving for update, since the merge deletes it.
    private async Task HoldTakingPartAsync(IEnumerable<Guid> tenantIds, CancellationToken cancellationToken, Guid? leaving = null)
    {
        var (sql, tenant) = (TableSql.For(context), context.Model.FindEntityType(typeof(Tenant))!);
        foreach (var id in tenantIds.Distinct().Order())
        {
            var select = sql.SelectLocked(tenant, nameof(Tenant.Id), shared: id != leaving);
            var held = await context.Set<Tenant>().FromSqlRaw(select, id).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            TakingPart(held.SingleOrDefault(), id);
        }
    }

    private static Tenant TakingPart(Tenant? tenant, Guid tenantId) => tenant switch
    {
        null => throw new TenantNotFoundException(tenantId.ToString()),
        { Status: TenantStatus.Deleting } deleting => throw new TenantOperationException(
            $"'{deleting.Slug}' is being deleted, so no data is moved, copied or merged into or out of it."),
        _ => tenant,
    };

    private IEntityType Root(Type clrType, string purpose)
    {
        var entityType = context.Model.FindEntityType(clrType);
        return entityType is not null && entityType.BaseType is null && !entityType.IsOwned() && TenantAnnotations.TenantIdProperty(entityType) is not null
            && entityType.FindPrimaryKey() is { Properties.Count: 1 }
            ? entityType
            : throw new ArgumentException(
                $"{clrType.Name} must be a tenant-owned root entity type of {typeof(TContext).Name} with a single-column key to be {purpose}."
                + (entityType is null && placements is not null
                    ? " With tenant placements, rows of the tenant data context live in each tenant's placement and are not moved between tenants here."
                    : ""),
                nameof(clrType));
    }

    // Owned data split into its owner's table is counted with the owner.
    private static bool OwnTable(IEntityType entityType) =>
        entityType.FindOwnership() is not { } ownership
        || ownership.PrincipalEntityType.GetTableName() != entityType.GetTableName() || ownership.PrincipalEntityType.GetSchema() != entityType.GetSchema();

    private TenantTable TableOf(IEntityType entityType) =>
        TenantTable.In(context.Model).First(t => t.Table == entityType.GetTableName() && t.Schema == entityType.GetSchema());

    private static void Count(Dictionary<string, int> rows, string table, int moved)
    {
        if (moved > 0)
        {
            rows[table] = rows.GetValueOrDefault(table) + moved;
        }
    }

    // An MSP-level record, in the operation's transaction: it commits with the rows it describes or not at all.
    private Task<AuditRecord?> AuditAsync(string operation, Tenant source, Tenant target, Dictionary<string, int> rows, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(AuditActions.TenantDataMoved, tenantId: null)
            {
                TargetType = "tenant",
                TargetId = target.Slug,
                Detail = new Dictionary<string, string>
                {
                    ["operation"] = operation,
                    ["from"] = source.Slug,
                    ["to"] = target.Slug,
                    ["rows"] = rows.Values.Sum().ToString(CultureInfo.InvariantCulture),
                },
            },
            cancellationToken);

    /// <summary>One statement of a move or merge: the table it changes, the entity type whose rows it moves (none for a merge), and its SQL.</summary>
    private sealed record TenantUpdate(string Table, IEntityType? Type, string Sql);
}
