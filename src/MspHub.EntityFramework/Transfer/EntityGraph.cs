using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>One row of an <see cref="EntityGraph"/>: its entity type, the loaded entity, and all its values, shadow properties included.</summary>
internal sealed record GraphRow(IEntityType Type, object Entity, PropertyValues Values);

/// <summary>
/// A tenant-owned row and every tenant-owned row that depends on it, to any depth, with their owned data,
/// loaded tracked into MspHub's own context (<see cref="OwnContext"/>) so shadow properties can be read;
/// and copies of such a graph with new keys and with references inside the graph pointing at the copies.
/// </summary>
internal static class EntityGraph
{
    /// <summary>How many levels of dependents a graph, a move or a copy follows.</summary>
    public const int MaxDepth = 8;

    private static readonly MethodInfo LoadDependentsMethod = typeof(EntityGraph).GetMethod(nameof(LoadDependentsAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// The column of <paramref name="foreignKey"/> that names the principal row: its only column, or, in a key
    /// that also carries the tenant id (<c>(TenantId, ParentId)</c>), the other one. <see langword="null"/> for
    /// other composite keys.
    /// </summary>
    public static IProperty? ReferenceOf(IForeignKey foreignKey)
    {
        var principalTenantId = TenantAnnotations.TenantIdProperty(foreignKey.PrincipalEntityType);
        var columns = foreignKey.Properties.Where((_, i) => foreignKey.PrincipalKey.Properties[i].Name != principalTenantId).ToList();
        return columns.Count == 1 ? columns[0] : null;
    }

    /// <summary>
    /// The foreign keys by which rows of another tenant-owned type depend on <paramref name="principal"/>
    /// (ownerships excluded: owned data travels with its owner).
    /// </summary>
    public static IEnumerable<(IForeignKey ForeignKey, IProperty Reference)> Dependents(IEntityType principal)
    {
        foreach (var foreignKey in principal.GetReferencingForeignKeys())
        {
            var dependent = foreignKey.DeclaringEntityType;
            if (!foreignKey.IsOwnership && dependent != principal && dependent.BaseType is null && TenantAnnotations.TenantIdProperty(dependent) is not null
                && dependent.FindPrimaryKey() is { Properties.Count: 1 } && ReferenceOf(foreignKey) is { } reference)
            {
                yield return (foreignKey, reference);
            }
        }
    }

    /// <summary>Every entity type whose rows a graph of <paramref name="rootType"/> can hold: dependents to any depth, and the owned types of each.</summary>
    public static HashSet<IEntityType> Types(IEntityType rootType)
    {
        var types = new HashSet<IEntityType>();
        void Add(IEntityType type, int depth)
        {
            if (!types.Add(type))
            {
                return;
            }

            foreach (var ownership in type.GetReferencingForeignKeys().Where(fk => fk.IsOwnership))
            {
                Add(ownership.DeclaringEntityType, depth);
            }

            foreach (var (foreignKey, _) in depth < MaxDepth ? Dependents(type) : [])
            {
                Add(foreignKey.DeclaringEntityType, depth + 1);
            }
        }

        Add(rootType, 0);
        return types;
    }

    /// <summary>
    /// Loads into <paramref name="own"/> (an own context, tracking) the rows <paramref name="roots"/> selects and
    /// every tenant-owned row that depends on them; owned data comes with its owner. Run in the source tenant's scope.
    /// </summary>
    public static async Task<List<GraphRow>> LoadAsync<TEntity>(DbContext own, IEntityType rootType, IQueryable<TEntity> roots, CancellationToken cancellationToken)
        where TEntity : class
    {
        await AddAsync(own, rootType, [.. await roots.ToListAsync(cancellationToken).ConfigureAwait(false)], depth: 0, cancellationToken).ConfigureAwait(false);
        return [.. own.ChangeTracker.Entries().Select(e => new GraphRow(e.Metadata, e.Entity, e.CurrentValues.Clone()))];
    }

    /// <summary>
    /// Refuses rows that reference a tenant-owned row outside <paramref name="rows"/> (whose keys are
    /// <paramref name="inside"/>), through any foreign key, shadow ones included: after a move or copy such a
    /// reference would point into another tenant.
    /// </summary>
    public static void RefuseOutsideReferences(IEnumerable<GraphRow> rows, IReadOnlySet<object> inside)
    {
        foreach (var row in rows)
        {
            foreach (var foreignKey in row.Type.GetForeignKeys().Where(fk => !fk.IsOwnership && TenantAnnotations.TenantIdProperty(fk.PrincipalEntityType) is not null))
            {
                if (ReferenceOf(foreignKey) is { } reference && row.Values[reference] is { } value && !inside.Contains(value))
                {
                    throw new TenantOperationException(
                        $"A {row.Type.DisplayName()} references a {foreignKey.PrincipalEntityType.DisplayName()} ({value}) that is not part of what is being moved or copied; include it, or clear the reference first.");
                }
            }
        }
    }

    /// <summary>The key of every row in <paramref name="rows"/> that is not owned data.</summary>
    public static HashSet<object> Keys(IEnumerable<GraphRow> rows) =>
        [.. rows.Where(r => !r.Type.IsOwned()).Select(r => r.Values[r.Type.FindPrimaryKey()!.Properties[0]]!)];

    /// <summary>
    /// Adds a copy of every row in <paramref name="graph"/> to <paramref name="own"/> (the context it was loaded
    /// into, cleared since) as new rows of <paramref name="targetTenantId"/>: every value, shadow properties and
    /// owned data included; new Guid keys; and foreign keys that pointed inside the graph pointing at the copies.
    /// </summary>
    public static void AddCopies(DbContext own, IReadOnlyList<GraphRow> graph, Guid targetTenantId)
    {
        var newKeys = new Dictionary<object, object>();
        foreach (var row in graph)
        {
            foreach (var key in row.Type.FindPrimaryKey()!.Properties.Where(p => !p.IsForeignKey()))
            {
                if (key.ClrType == typeof(Guid))
                {
                    newKeys[row.Values[key]!] = Guid.CreateVersion7();
                }
                else if (!row.Type.IsOwned())
                {
                    throw new TenantOperationException($"{row.Type.DisplayName()} has a {key.ClrType.Name} key; copies need Guid keys so each copy can be given a new one.");
                }
            }
        }

        var copies = new Dictionary<object, PropertyValues>(ReferenceEqualityComparer.Instance);
        foreach (var row in graph)
        {
            var values = row.Values.Clone();
            var tenantIdProperty = TenantAnnotations.TenantIdProperty(row.Type);
            foreach (var property in row.Type.GetProperties())
            {
                if (property.Name == tenantIdProperty)
                {
                    values[property] = targetTenantId;
                }
                else if ((property.IsKey() || property.IsForeignKey()) && values[property] is { } value && newKeys.TryGetValue(value, out var remapped))
                {
                    values[property] = remapped;
                }
            }

            copies[row.Entity] = values;
        }

        // Owned rows can only be tracked through their owners, so the loaded objects, still linked by their
        // navigations, are tracked again as a graph, each with its copy's values.
        foreach (var row in graph.Where(r => !r.Type.IsOwned()))
        {
            own.ChangeTracker.TrackGraph(row.Entity, node =>
            {
                if (node.Entry.State == EntityState.Detached && copies.TryGetValue(node.Entry.Entity, out var values))
                {
                    node.Entry.CurrentValues.SetValues(values);
                    node.Entry.State = EntityState.Added;
                }
            });
        }
    }

    private static async Task AddAsync(DbContext own, IEntityType type, List<object> rows, int depth, CancellationToken cancellationToken)
    {
        if (rows.Count == 0 || depth >= MaxDepth)
        {
            return;
        }

        var key = type.FindPrimaryKey()!.Properties[0];
        var keys = rows.Select(r => own.Entry(r).Property(key.Name).CurrentValue!).ToList();
        foreach (var (foreignKey, reference) in Dependents(type))
        {
            var loading = (Task<List<object>>)LoadDependentsMethod.MakeGenericMethod(foreignKey.DeclaringEntityType.ClrType, reference.ClrType)
                .Invoke(null, [own, reference.Name, keys, cancellationToken])!;
            await AddAsync(own, foreignKey.DeclaringEntityType, await loading.ConfigureAwait(false), depth + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<object>> LoadDependentsAsync<TDependent, TKey>(DbContext own, string foreignKey, List<object> keys, CancellationToken cancellationToken)
        where TDependent : class
    {
        var typedKeys = keys.Select(k => (TKey)k).ToList();
        var row = Expression.Parameter(typeof(TDependent), "row");
        var contains = Expression.Lambda<Func<TDependent, bool>>(
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TKey)], Expression.Constant(typedKeys),
                Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TKey)], row, Expression.Constant(foreignKey))),
            row);
        return [.. await own.Set<TDependent>().Where(contains).ToListAsync(cancellationToken).ConfigureAwait(false)];
    }
}
