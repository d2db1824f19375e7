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

    /// <summary>The principal's column that <paramref name="reference"/>, a column of <paramref name="foreignKey"/>, names.</summary>
    public static IProperty PrincipalColumn(IForeignKey foreignKey, IProperty reference) =>
        foreignKey.PrincipalKey.Properties[foreignKey.Properties.ToList().IndexOf(reference)];

    /// <summary>
    /// The foreign keys by which rows of another tenant-owned type depend on <paramref name="principal"/>
    /// (ownerships excluded: owned data travels with its owner), each with its column that names the principal row
    /// and the principal's column it names. The dependent's own key may have any number of columns.
    /// </summary>
    /// <exception cref="TenantOperationException">A dependent names its principal by more than one column.</exception>
    public static IEnumerable<(IForeignKey ForeignKey, IProperty Reference, IProperty Principal)> Dependents(IEntityType principal)
    {
        foreach (var foreignKey in principal.GetReferencingForeignKeys())
        {
            var dependent = foreignKey.DeclaringEntityType;
            if (foreignKey.IsOwnership || dependent == principal || dependent.BaseType is not null || TenantAnnotations.TenantIdProperty(dependent) is null)
            {
                continue;
            }

            var reference = ReferenceOf(foreignKey) ?? throw new TenantOperationException(
                $"{dependent.DisplayName()} references {principal.DisplayName()} by more than one column, so its rows cannot be matched to the "
                + $"{principal.DisplayName()} rows moved or copied; reference {principal.DisplayName()} by its key of one column.");
            yield return (foreignKey, reference, PrincipalColumn(foreignKey, reference));
        }
    }

    /// <summary>
    /// Every entity type whose rows a graph of <paramref name="rootType"/> can hold: dependents to any depth, and the owned
    /// types of each. Called before a move or copy reads or changes anything, so the graph it checks is the one they follow.
    /// </summary>
    /// <exception cref="TenantOperationException">Types depend on each other in a cycle, which no depth of dependents would end.</exception>
    public static HashSet<IEntityType> Types(IEntityType rootType)
    {
        var types = new HashSet<IEntityType>();
        var path = new List<IEntityType>();
        void Add(IEntityType type)
        {
            if (path.Contains(type))
            {
                throw new TenantOperationException(
                    $"{string.Join(" → ", path.SkipWhile(t => t != type).Append(type).Select(t => t.DisplayName()))} depend on each other in a cycle, "
                    + "so their rows cannot be moved or copied as one graph.");
            }

            types.Add(type);
            path.Add(type);
            foreach (var ownership in type.GetReferencingForeignKeys().Where(fk => fk.IsOwnership))
            {
                Add(ownership.DeclaringEntityType);
            }

            foreach (var (foreignKey, _, _) in Dependents(type))
            {
                Add(foreignKey.DeclaringEntityType);
            }

            path.RemoveAt(path.Count - 1);
        }

        Add(rootType);
        return types;
    }

    /// <summary>
    /// Loads into <paramref name="own"/> (an own context, tracking) the rows <paramref name="roots"/> selects and
    /// every tenant-owned row that depends on them; owned data comes with its owner. Run in the source tenant's scope.
    /// </summary>
    public static async Task<List<GraphRow>> LoadAsync<TEntity>(DbContext own, IEntityType rootType, IQueryable<TEntity> roots, CancellationToken cancellationToken)
        where TEntity : class
    {
        await AddAsync(own, rootType, [.. await roots.ToListAsync(cancellationToken).ConfigureAwait(false)], cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// The values by which rows of <paramref name="rows"/> that are not owned data can be referenced: those of their key
    /// columns that are neither foreign keys nor the tenant id.
    /// </summary>
    public static HashSet<object> Keys(IEnumerable<GraphRow> rows) =>
        [.. rows.Where(r => !r.Type.IsOwned()).SelectMany(r => r.Type.GetKeys().SelectMany(k => k.Properties).Distinct()
            .Where(p => !p.IsForeignKey() && p.Name != TenantAnnotations.TenantIdProperty(r.Type)).Select(p => r.Values[p]).OfType<object>())];

    /// <summary>
    /// Adds a copy of every row in <paramref name="graph"/> to <paramref name="own"/> (the context it was loaded
    /// into, cleared since) as new rows of <paramref name="targetTenantId"/>: every value, shadow properties and
    /// owned data included; new Guid keys; and foreign keys that pointed inside the graph pointing at the copies, in
    /// keys too, so a key that includes its principal's (<c>(AutomId, Tag)</c>) names the principal's copy.
    /// </summary>
    /// <exception cref="TenantOperationException">A row's key has neither a Guid column nor a reference to a copied row, so its copy would keep it.</exception>
    public static void AddCopies(DbContext own, IReadOnlyList<GraphRow> graph, Guid targetTenantId)
    {
        var newKeys = new Dictionary<object, object>();
        foreach (var row in graph)
        {
            foreach (var key in row.Type.FindPrimaryKey()!.Properties.Where(p => !p.IsForeignKey() && p.ClrType == typeof(Guid)))
            {
                newKeys[row.Values[key]!] = Guid.CreateVersion7();
            }
        }

        foreach (var row in graph.Where(r => !r.Type.IsOwned()))
        {
            var key = row.Type.FindPrimaryKey()!.Properties;
            if (!key.Any(p => row.Values[p] is { } value && newKeys.ContainsKey(value)))
            {
                throw new TenantOperationException(
                    $"{row.Type.DisplayName()} has a key ({string.Join(", ", key.Select(p => $"{p.Name}: {p.ClrType.Name}"))}) that a copy cannot be given anew; "
                    + "copies need a Guid key, or a key that includes the key of a copied row.");
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

    // Types has refused cycles of types before this runs, so the recursion ends.
    private static async Task AddAsync(DbContext own, IEntityType type, List<object> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        foreach (var (foreignKey, reference, principal) in Dependents(type))
        {
            var keys = rows.Select(r => own.Entry(r).Property(principal.Name).CurrentValue).OfType<object>().Distinct().ToList();
            var loading = (Task<List<object>>)LoadDependentsMethod.MakeGenericMethod(foreignKey.DeclaringEntityType.ClrType, reference.ClrType)
                .Invoke(null, [own, reference.Name, keys, cancellationToken])!;
            await AddAsync(own, foreignKey.DeclaringEntityType, await loading.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
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
