using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantDataTransfer"/> over <typeparamref name="TContext"/>. Rows change tenant by SQL in an
/// audited cross-tenant scope (the query compiler and the save guard refuse tenant id changes everywhere
/// else); dependents are moved first, through subqueries on the rows still in the source, so the keys of
/// any depth of dependents never have to be read into memory.
/// </summary>
internal sealed class EntityFrameworkTenantDataTransfer<TContext>(
    TContext context, ITenantStore tenants, ITenancy tenancy, IQuotaCounter quotas, ITenantLifecycle lifecycle, IEnumerable<IAuditHook> auditHooks, TimeProvider time)
    : ITenantDataTransfer
    where TContext : DbContext
{
    private const int MaxDependentDepth = 8;

    public async Task<TenantTransferReport> MoveAsync<TEntity>(
        Guid sourceTenantId, Guid targetTenantId, Expression<Func<TEntity, bool>> which, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(which);
        var (source, target) = await BothAsync(sourceTenantId, targetTenantId, cancellationToken).ConfigureAwait(false);
        var entityType = context.Model.FindEntityType(typeof(TEntity));
        if (entityType is null || entityType.BaseType is not null || TenantAnnotations.TenantIdProperty(entityType) is null || entityType.FindPrimaryKey() is not { Properties.Count: 1 } key)
        {
            throw new ArgumentException($"{typeof(TEntity).Name} must be a tenant-owned root entity type of {typeof(TContext).Name} with a single-column key to be moved between tenants.", nameof(which));
        }

        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            List<object> keys;
            using (tenancy.BeginScope(source))
            {
                var moving = (await context.Set<TEntity>().AsNoTracking().Where(which).ToListAsync(cancellationToken).ConfigureAwait(false))
                    .Select(row => (entityType, (object)row)).ToList();
                var inside = EntityGraph.Keys(moving);
                EntityGraph.RefuseOutsideReferences(moving, inside);
                keys = [.. inside];
            }

            if (keys.Count == 0)
            {
                return new TenantTransferReport(sourceTenantId, targetTenantId, rows);
            }

            if (entityType.FindAnnotation(TenantAnnotations.Quota)?.Value is string quota)
            {
                using (tenancy.BeginScope(target))
                {
                    await quotas.ConsumeAsync(quota, keys.Count, cancellationToken).ConfigureAwait(false);
                }

                using (tenancy.BeginScope(source))
                {
                    await quotas.ReleaseAsync(quota, keys.Count, cancellationToken).ConfigureAwait(false);
                }
            }

            using (tenancy.BeginCrossTenantScope("msphub.tenant-move"))
            {
                var keyList = string.Join(", ", keys.Select((_, i) => $"{{{i + 2}}}"));
                var statements = new List<(string Table, string Sql)>();
                MoveRows(entityType, keyList, statements, depth: 0);
                await ReassignAsync(statements, [sourceTenantId, targetTenantId, .. keys], rows, "Moving rows", cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Audit(targetTenantId, $"{rows.Values.Sum()} rows moved from {source.Slug} to {target.Slug}");
        return new TenantTransferReport(sourceTenantId, targetTenantId, rows);
    }

    public async Task<IReadOnlyList<TenantTransferReport>> CopyAsync<TEntity>(
        Guid sourceTenantId, Expression<Func<TEntity, bool>> which, IEnumerable<Guid> targetTenantIds, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(which);
        ArgumentNullException.ThrowIfNull(targetTenantIds);
        var entityType = CopyableRoot(typeof(TEntity));
        var source = await tenants.FindByIdAsync(sourceTenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(sourceTenantId.ToString());
        var targets = new List<Tenant>();
        foreach (var targetId in targetTenantIds.Distinct())
        {
            targets.Add(targetId == sourceTenantId
                ? throw new TenantOperationException("A tenant cannot be a copy's source and its target.")
                : await tenants.FindByIdAsync(targetId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(targetId.ToString()));
        }

        List<(IEntityType Type, object Row)> graph;
        using (tenancy.BeginScope(source))
        {
            var roots = await context.Set<TEntity>().AsNoTracking().Where(which).ToListAsync(cancellationToken).ConfigureAwait(false);
            graph = await EntityGraph.LoadAsync(context, entityType, roots, cancellationToken).ConfigureAwait(false);
        }

        EntityGraph.RefuseOutsideReferences(graph, EntityGraph.Keys(graph));

        var reports = new List<TenantTransferReport>();
        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var target in targets)
            {
                using (tenancy.BeginScope(target))
                {
                    foreach (var counted in graph.GroupBy(n => n.Type).Where(g => g.Key.FindAnnotation(TenantAnnotations.Quota)?.Value is string))
                    {
                        await quotas.ConsumeAsync((string)counted.Key[TenantAnnotations.Quota]!, counted.Count(), cancellationToken).ConfigureAwait(false);
                    }

                    EntityGraph.AddCopies(context, graph);
                    try
                    {
                        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (DbUpdateException error)
                    {
                        throw new TenantOperationException($"Copying into '{target.Slug}' would break a constraint there (often a value that must be unique per tenant): {error.InnerException?.Message ?? error.Message}");
                    }
                    finally
                    {
                        context.ChangeTracker.Clear();
                    }
                }

                var rows = graph.GroupBy(n => TableOf(n.Type).Qualified).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                reports.Add(new TenantTransferReport(sourceTenantId, target.Id, rows));
                Audit(target.Id, $"{graph.Count} rows copied from {source.Slug} to {target.Slug}");
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return reports;
    }

    public async Task<TenantTransferReport> MergeAsync(Guid sourceTenantId, Guid targetTenantId, string confirmSourceSlug, CancellationToken cancellationToken = default)
    {
        var (source, target) = await BothAsync(sourceTenantId, targetTenantId, cancellationToken).ConfigureAwait(false);
        if (!string.Equals(confirmSourceSlug?.Trim(), source.Slug, StringComparison.OrdinalIgnoreCase))
        {
            throw new TenantOperationException($"Type the slug of the tenant that disappears, '{source.Slug}', to confirm the merge.");
        }

        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var transaction = await context.Database.BeginOrJoinAsync(lockKey: null, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            using (tenancy.BeginCrossTenantScope("msphub.tenant-merge"))
            {
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

                var statements = TenantDeletion.InDeletionOrder(context.Model)
                    .Select(table => (table.Qualified, $"UPDATE {Delimit(table.Table, table.Schema)} SET {Delimit(table.TenantIdColumn)} = {{1}} WHERE {Delimit(table.TenantIdColumn)} = {{0}}"))
                    .ToList();
                await ReassignAsync(statements, [sourceTenantId, targetTenantId], rows, "Merging", cancellationToken).ConfigureAwait(false);

                Count(rows, "memberships", await MoveMembershipsAsync(sourceTenantId, targetTenantId, cancellationToken).ConfigureAwait(false));
            }

            await lifecycle.DeleteAsync(sourceTenantId, source.Slug, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Audit(targetTenantId, $"{source.Slug} merged into {target.Slug}: {rows.Values.Sum()} rows moved");
        return new TenantTransferReport(sourceTenantId, targetTenantId, rows);
    }

    // Dependents first, each selected by a subquery over the rows still in the source, then the rows themselves.
    private void MoveRows(IEntityType entityType, string keySql, List<(string Table, string Sql)> statements, int depth)
    {
        var table = TableOf(entityType);
        var keyColumn = Column(entityType, entityType.FindPrimaryKey()!.Properties[0], table);
        foreach (var foreignKey in entityType.GetReferencingForeignKeys())
        {
            var dependent = foreignKey.DeclaringEntityType;
            var reference = TenantAnnotations.ReferenceProperties(foreignKey);
            if (dependent == entityType || depth >= MaxDependentDepth || dependent.BaseType is not null || reference.Count != 1
                || TenantAnnotations.TenantIdProperty(dependent) is null || dependent.FindPrimaryKey() is not { Properties.Count: 1 } dependentKey)
            {
                continue;
            }

            var dependentTable = TableOf(dependent);
            var dependentKeys = $"SELECT {Delimit(Column(dependent, dependentKey.Properties[0], dependentTable))} FROM {Delimit(dependentTable.Table, dependentTable.Schema)} "
                + $"WHERE {Delimit(dependentTable.TenantIdColumn)} = {{0}} AND {Delimit(Column(dependent, (IProperty)reference[0], dependentTable))} IN ({keySql})";
            MoveRows(dependent, dependentKeys, statements, depth + 1);
        }

        statements.Add((table.Qualified,
            $"UPDATE {Delimit(table.Table, table.Schema)} SET {Delimit(table.TenantIdColumn)} = {{1}} WHERE {Delimit(table.TenantIdColumn)} = {{0}} AND {Delimit(keyColumn)} IN ({keySql})"));
    }

    private async Task ReassignAsync(List<(string Table, string Sql)> statements, object[] parameters, Dictionary<string, int> rows, string operation, CancellationToken cancellationToken)
    {
        var counts = await TenantReassignment.RunAsync(context, statements, parameters, operation, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < statements.Count; i++)
        {
            Count(rows, statements[i].Table, counts[i]);
        }
    }

    // Members of the source who are not yet members of the target join it, with the roles the target also has.
    private async Task<int> MoveMembershipsAsync(Guid sourceTenantId, Guid targetTenantId, CancellationToken cancellationToken)
    {
        var memberships = context.Set<Membership>();
        var targetRoles = (await context.Set<TenantRole>().AsNoTracking().Where(r => r.TenantId == targetTenantId).Select(r => r.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var moving = await memberships.AsNoTracking()
            .Where(m => m.TenantId == sourceTenantId && !m.IsShadow && !memberships.Any(t => t.TenantId == targetTenantId && t.UserId == m.UserId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        context.AddRange(moving.Select(m => m with { TenantId = targetTenantId, IsPrimary = false, Roles = [.. m.Roles.Where(targetRoles.Contains)] }));
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            context.ChangeTracker.Clear();
        }

        return moving.Count;
    }

    private async Task<(Tenant Source, Tenant Target)> BothAsync(Guid sourceTenantId, Guid targetTenantId, CancellationToken cancellationToken)
    {
        if (sourceTenantId == targetTenantId)
        {
            throw new TenantOperationException("The source and target are the same tenant.");
        }

        var source = await tenants.FindByIdAsync(sourceTenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(sourceTenantId.ToString());
        var target = await tenants.FindByIdAsync(targetTenantId, cancellationToken).ConfigureAwait(false) ?? throw new TenantNotFoundException(targetTenantId.ToString());
        return (source, target);
    }

    private IEntityType CopyableRoot(Type clrType)
    {
        var entityType = context.Model.FindEntityType(clrType);
        return entityType is not null && entityType.BaseType is null && TenantAnnotations.TenantIdProperty(entityType) is not null && entityType.FindPrimaryKey() is { Properties.Count: 1 }
            ? entityType
            : throw new ArgumentException($"{clrType.Name} must be a tenant-owned root entity type of {typeof(TContext).Name} with a single-column key.", nameof(clrType));
    }

    private TenantTable TableOf(IEntityType entityType) =>
        TenantTable.In(context.Model).First(t => t.Table == entityType.GetTableName() && t.Schema == entityType.GetSchema());

    private static string Column(IEntityType entityType, IProperty property, TenantTable table) =>
        property.GetColumnName(StoreObjectIdentifier.Table(table.Table, table.Schema)) ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} has no column in {table.Qualified}.");

    private string Delimit(string name, string? schema = null) => context.GetService<ISqlGenerationHelper>().DelimitIdentifier(name, schema);

    private static void Count(Dictionary<string, int> rows, string table, int moved)
    {
        if (moved > 0)
        {
            rows[table] = rows.GetValueOrDefault(table) + moved;
        }
    }

    private void Audit(Guid tenantId, string subject)
    {
        var auditEvent = new AuditEvent(AuditActions.TenantDataMoved, time.GetUtcNow(), tenantId, subject);
        foreach (var hook in auditHooks)
        {
            hook.Record(auditEvent);
        }
    }
}
