using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Table and column names as the model maps them, undelimited: reports show them, and <see cref="TableSql"/>
/// delimits them into statements. Read from the model every time, so a host that renames or moves a table is followed.
/// </summary>
internal static class TableNames
{
    /// <summary>A table's name with its schema, as reports show it.</summary>
    public static string Qualified(string table, string? schema) => schema is null ? table : $"{schema}.{table}";

    /// <summary>The table <paramref name="entityType"/> maps to, with its schema, as reports show it.</summary>
    public static string Qualified(IReadOnlyEntityType entityType) => Qualified(entityType.GetTableName()!, entityType.GetSchema());

    /// <summary>The column <paramref name="property"/> maps to in <paramref name="entityType"/>'s own table, or <see langword="null"/> when it has none there.</summary>
    public static string? Column(IReadOnlyEntityType entityType, IReadOnlyProperty property) =>
        entityType.GetTableName() is { } table ? property.GetColumnName(StoreObjectIdentifier.Table(table, entityType.GetSchema())) : null;
}
