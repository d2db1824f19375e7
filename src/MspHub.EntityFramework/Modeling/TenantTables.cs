using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>One table holding a tenant-owned entity's tenant id column.</summary>
/// <param name="Table">The table name.</param>
/// <param name="Schema">The table's schema, or <see langword="null"/> for the default.</param>
/// <param name="TenantIdColumn">The tenant id column.</param>
internal sealed record TenantTable(string Table, string? Schema, string TenantIdColumn)
{
    /// <summary>The table's name with its schema, as reports show it.</summary>
    public string Qualified => Schema is null ? Table : $"{Schema}.{Table}";

    /// <summary>
    /// Every table in <paramref name="model"/> (built with <c>ApplyMspHub</c>) that holds a tenant-owned
    /// entity's tenant id column, once each, including each table of a table-per-concrete-type hierarchy.
    /// The derived tables of table-per-type and owned collections hold no such column.
    /// </summary>
    public static IEnumerable<TenantTable> In(IModel model)
    {
        var seen = new HashSet<(string, string?)>();
        foreach (var entityType in model.GetEntityTypes())
        {
            if (TenantAnnotations.TenantIdProperty(entityType) is { } propertyName && entityType.GetTableName() is { } table
                && entityType.FindProperty(propertyName)?.GetColumnName(StoreObjectIdentifier.Table(table, entityType.GetSchema())) is { } column
                && seen.Add((table, entityType.GetSchema())))
            {
                yield return new TenantTable(table, entityType.GetSchema(), column);
            }
        }
    }
}
