using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// A tenant-owned row and every tenant-owned row that depends on it, to any depth, read untracked; and copies
/// of such a graph with new keys and with references inside the graph pointing at the copies. The tenant id is
/// left to the save guard, which stamps the active tenant.
/// </summary>
internal static class EntityGraph
{
    private const int MaxDepth = 8;

    private static readonly MethodInfo LoadDependentsMethod = typeof(EntityGraph).GetMethod(nameof(LoadDependentsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static async Task<List<(IEntityType Type, object Row)>> LoadAsync(DbContext context, IEntityType rootType, IEnumerable<object> roots, CancellationToken cancellationToken)
    {
        var graph = new List<(IEntityType, object)>();
        await AddAsync(context, rootType, [.. roots], graph, depth: 0, cancellationToken).ConfigureAwait(false);
        return graph;
    }

    /// <summary>
    /// Refuses rows that reference a tenant-owned row outside <paramref name="rows"/> (whose keys are
    /// <paramref name="inside"/>): after a move or copy such a reference would point into another tenant.
    /// </summary>
    public static void RefuseOutsideReferences(IEnumerable<(IEntityType Type, object Row)> rows, IReadOnlySet<object> inside)
    {
        foreach (var (type, row) in rows)
        {
            foreach (var foreignKey in type.GetForeignKeys().Where(fk => TenantAnnotations.ReferenceProperties(fk).Count == 1 && TenantAnnotations.TenantIdProperty(fk.PrincipalEntityType) is not null))
            {
                var property = (IProperty)TenantAnnotations.ReferenceProperties(foreignKey)[0];
                if (!property.IsShadowProperty() && property.GetGetter().GetClrValue(row) is { } value && !inside.Contains(value))
                {
                    throw new TenantOperationException(
                        $"A {type.DisplayName()} references a {foreignKey.PrincipalEntityType.DisplayName()} ({value}) that is not part of what is being moved or copied; include it, or clear the reference first.");
                }
            }
        }
    }

    /// <summary>The key of every row in <paramref name="graph"/>.</summary>
    public static HashSet<object> Keys(IEnumerable<(IEntityType Type, object Row)> graph) =>
        [.. graph.Select(n => n.Type.FindPrimaryKey()!.Properties[0].GetGetter().GetClrValue(n.Row)!)];

    /// <summary>Adds a copy of every row in <paramref name="graph"/> to <paramref name="context"/> as new rows.</summary>
    public static void AddCopies(DbContext context, IReadOnlyList<(IEntityType Type, object Row)> graph)
    {
        var newKeys = new Dictionary<object, object>();
        foreach (var (type, row) in graph)
        {
            var key = type.FindPrimaryKey()!.Properties[0];
            newKeys[key.GetGetter().GetClrValue(row)!] = key.ClrType == typeof(Guid)
                ? Guid.CreateVersion7()
                : throw new NotSupportedException($"{type.DisplayName()} has a {key.ClrType.Name} key; copies need Guid keys so the copy can be given a new one.");
        }

        foreach (var (type, row) in graph)
        {
            var copy = Activator.CreateInstance(type.ClrType, nonPublic: true)!;
            var entry = context.Entry(copy);
            var tenantIdProperty = TenantAnnotations.TenantIdProperty(type);
            foreach (var property in type.GetProperties().Where(p => p.Name != tenantIdProperty && !p.IsShadowProperty()))
            {
                var value = property.GetGetter().GetClrValue(row);
                entry.Property(property.Name).CurrentValue = value is not null && (property.IsKey() || property.IsForeignKey()) && newKeys.TryGetValue(value, out var remapped)
                    ? remapped
                    : value;
            }

            entry.State = EntityState.Added;
        }
    }

    private static async Task AddAsync(
        DbContext context, IEntityType type, List<object> rows, List<(IEntityType, object)> graph, int depth, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        graph.AddRange(rows.Select(r => (type, r)));
        var key = type.FindPrimaryKey()!.Properties[0];
        var keys = rows.Select(r => key.GetGetter().GetClrValue(r)!).ToList();
        foreach (var foreignKey in type.GetReferencingForeignKeys())
        {
            var dependent = foreignKey.DeclaringEntityType;
            var reference = TenantAnnotations.ReferenceProperties(foreignKey);
            if (dependent == type || depth >= MaxDepth || dependent.BaseType is not null || reference.Count != 1
                || TenantAnnotations.TenantIdProperty(dependent) is null || dependent.FindPrimaryKey() is not { Properties.Count: 1 })
            {
                continue;
            }

            var loading = (Task<List<object>>)LoadDependentsMethod.MakeGenericMethod(dependent.ClrType, reference[0].ClrType)
                .Invoke(null, [context, reference[0].Name, keys, cancellationToken])!;
            await AddAsync(context, dependent, await loading.ConfigureAwait(false), graph, depth + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<object>> LoadDependentsAsync<TDependent, TKey>(DbContext context, string foreignKey, List<object> keys, CancellationToken cancellationToken)
        where TDependent : class
    {
        var typedKeys = keys.Select(k => (TKey)k).ToList();
        var row = Expression.Parameter(typeof(TDependent), "row");
        var contains = Expression.Lambda<Func<TDependent, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], Expression.Constant(typedKeys),
                Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], row, Expression.Constant(foreignKey))),
            row);
        return [.. await context.Set<TDependent>().AsNoTracking().Where(contains).ToListAsync(cancellationToken).ConfigureAwait(false)];
    }
}
