using System.Data.Common;
using System.Globalization;

namespace MspHub.EntityFramework.Tests;

/// <summary>
/// Plain SQL as the tables' owner, outside MspHub (no query filter, no tenant, no row-level security): what the
/// database really holds, for checking what MspHub did or refused against.
/// </summary>
public static class OutsideMspHub
{
    // The columns that name a row's tenant: the host's (the test model's) and MspHub's own.
    private static readonly string[] TenantColumns = ["TenantId", "OrganizationId", "tenant_id"];

    /// <summary>Every table in the database and how many rows it holds, by table name without its schema.</summary>
    public static async Task<Dictionary<string, long>> CountRowsOutsideMspHubAsync(this TestHub hub)
    {
        await using var connection = await hub.OpenOwnerConnectionAsync();
        var tables = await ReadAsync(connection, hub.Provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('public', 'msphub') AND table_type = 'BASE TABLE'");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table.Split('.')[^1]] = await CountAsync(connection, $"SELECT COUNT(*) FROM {Quote(table)}");
        }

        return counts;
    }

    /// <summary>Every table with a column that names a tenant, and how many of its rows name <paramref name="tenantId"/>.</summary>
    public static async Task<Dictionary<string, long>> CountTenantRowsOutsideMspHubAsync(this TestHub hub, Guid tenantId)
    {
        await using var connection = await hub.OpenOwnerConnectionAsync();
        var columns = string.Join(", ", TenantColumns.Select(c => $"'{c}'"));
        var tables = await ReadAsync(connection, hub.Provider == DatabaseProvider.Sqlite
            ? $"SELECT m.name || ' ' || c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name IN ({columns})"
            : $"""
                SELECT c.table_schema || '.' || c.table_name || ' ' || c.column_name FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
                WHERE c.table_schema IN ('public', 'msphub') AND c.column_name IN ({columns})
                """);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (table, column) in tables.Select(t => t.Split(' ')).Select(t => (t[0], t[1])))
        {
            counts[table.Split('.')[^1]] = await CountAsync(connection, $"SELECT COUNT(*) FROM {Quote(table)} WHERE {Quote(column)} = @tenant", ("tenant", hub.SqlValue(tenantId)));
        }

        return counts;
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, as text, in the order it returns them.</summary>
    public static async Task<List<string>> ReadOutsideMspHubAsync(this TestHub hub, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await hub.OpenOwnerConnectionAsync();
        return await ReadAsync(connection, sql, parameters);
    }

    /// <summary>Counts as "table: rows" lines in table order, so a failed assertion points at the table that differs.</summary>
    public static List<string> Lines(this IEnumerable<KeyValuePair<string, long>> counts) =>
        [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")];

    /// <summary>A guid as the provider stores it: upper-case text on SQLite, uuid on PostgreSQL.</summary>
    public static object SqlValue(this TestHub hub, Guid id) =>
        hub.Provider == DatabaseProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;

    public static async Task ExecuteAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ReadAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    /// <summary>A command of <paramref name="sql"/> with named parameters on <paramref name="connection"/>; dispose it.</summary>
    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    // schema.table or table, each part quoted.
    private static string Quote(string name) => string.Join('.', name.Split('.').Select(p => $"\"{p}\""));
}
