using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Names quoted for PostgreSQL where no context, and so no provider's <see cref="Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper"/>, is at hand:
/// the scripts a migration runs and the statements run on an administrative connection. Table and column names come from
/// a model (<see cref="MspHubTables.InSchema"/> for MspHub's own), as <see cref="TableSql"/>'s do.
/// </summary>
internal static class PostgresNames
{
    /// <summary>One identifier in double quotes, any double quote in it doubled.</summary>
    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>A table, or an index, with its schema where it has one.</summary>
    public static string Table(string table, string? schema) => schema is null ? Quote(table) : $"{Quote(schema)}.{Quote(table)}";

    /// <summary>The table <paramref name="entityType"/> maps to, with its schema where it has one.</summary>
    public static string Table(IReadOnlyEntityType entityType) => Table(entityType.GetTableName()!, entityType.GetSchema());

    /// <summary>The column of <paramref name="entityType"/>'s property named <paramref name="propertyName"/>.</summary>
    public static string Column(IReadOnlyEntityType entityType, string propertyName) =>
        Quote(TableNames.Column(entityType, entityType.FindProperty(propertyName)!)!);
}
