using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>Which kind of database key a <see cref="TenantKeyFinding"/> is about.</summary>
public enum TenantKeyKind
{
    /// <summary>The table's primary key.</summary>
    PrimaryKey,

    /// <summary>An alternate key (a unique constraint).</summary>
    AlternateKey,

    /// <summary>A unique index.</summary>
    UniqueIndex,

    /// <summary>A foreign key.</summary>
    ForeignKey,
}

/// <summary>A key of a tenant-owned table that does not include the tenant id column.</summary>
/// <param name="Table">The table, with its schema when it has one.</param>
/// <param name="Kind">The kind of key.</param>
/// <param name="Name">The key's name in the database.</param>
/// <param name="Columns">The key's columns, in order.</param>
public sealed record TenantKeyFinding(string Table, TenantKeyKind Kind, string Name, IReadOnlyList<string> Columns)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Table}: {Kind} {Name} ({string.Join(", ", Columns)}) lacks the tenant id";
}

/// <summary>
/// Reports the keys of tenant-owned tables that do not include the tenant id. A unique index without it
/// makes values unique across tenants (and tells one tenant that another has a value); a foreign key
/// without it lets a row reference another tenant's row; and a table can be distributed by tenant id
/// (Citus, or sharding by hand) only when its primary key, unique keys and foreign keys all include it.
/// </summary>
public static class TenantKeyReport
{
    /// <summary>
    /// Every key of every tenant-owned table in <paramref name="model"/> (built with <c>ApplyMspHub</c>)
    /// that lacks the tenant id column. <c>ApplyMspHub</c> already puts the tenant id into foreign keys
    /// between tenant-owned entities, so foreign keys appear here only when opted out
    /// (<c>HasPlainForeignKey</c>); primary keys appear unless you make them <c>(TenantId, Id)</c>.
    /// </summary>
    /// <example><code>foreach (var finding in TenantKeyReport.For(db.Model)) logger.LogWarning("{Finding}", finding);</code></example>
    public static IReadOnlyList<TenantKeyFinding> For(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var findings = new List<TenantKeyFinding>();
        foreach (var entityType in model.GetEntityTypes())
        {
            if (TenantAnnotations.TenantIdProperty(entityType) is not { } tenantId || entityType.GetTableName() is not { } table)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
            var qualified = TableNames.Qualified(table, entityType.GetSchema());
            var tenantColumn = entityType.FindProperty(tenantId)!.GetColumnName(store);
            foreach (var key in entityType.GetDeclaredKeys())
            {
                Add(key.IsPrimaryKey() ? TenantKeyKind.PrimaryKey : TenantKeyKind.AlternateKey, key.GetName(store), key.Properties);
            }

            foreach (var index in entityType.GetDeclaredIndexes().Where(i => i.IsUnique))
            {
                Add(TenantKeyKind.UniqueIndex, index.GetDatabaseName(store), index.Properties);
            }

            // References to shared tables need no tenant id (they are reference tables when distributed); nor do links between types sharing a row.
            foreach (var foreignKey in entityType.GetDeclaredForeignKeys()
                .Where(fk => TenantAnnotations.TenantIdProperty(fk.PrincipalEntityType) is not null && !TenantForeignKeys.SharesRow(fk)))
            {
                Add(TenantKeyKind.ForeignKey, foreignKey.GetConstraintName(), foreignKey.Properties);
            }

            void Add(TenantKeyKind kind, string? name, IReadOnlyList<IProperty> properties)
            {
                var columns = properties.Select(p => p.GetColumnName(store) ?? p.Name).ToList();
                if (name is not null && tenantColumn is not null && !columns.Contains(tenantColumn) && findings.All(f => f.Table != qualified || f.Name != name))
                {
                    findings.Add(new TenantKeyFinding(qualified, kind, name, columns));
                }
            }
        }

        return findings;
    }
}
