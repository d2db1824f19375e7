using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// The one home of SQL that names tables and columns: each read from the context's model and delimited by the
/// provider's own <see cref="ISqlGenerationHelper"/>, so a statement follows however the host maps, renames or moves a
/// table, MspHub's included; and the per-table statements MspHub runs for a tenant. Values never enter the text: the
/// statements carry <c>{n}</c> placeholders, which <c>ExecuteSqlRaw</c> and <c>FromSqlRaw</c> pass as parameters.
/// </summary>
internal sealed class TableSql
{
    private readonly ISqlGenerationHelper _sql;
    private readonly bool _postgres;

    private TableSql(DbContext context)
    {
        _sql = context.GetService<ISqlGenerationHelper>();
        _postgres = context.Database.IsPostgres();
    }

    /// <summary>Names for <paramref name="context"/>'s model and provider.</summary>
    public static TableSql For(DbContext context) => new(context);

    /// <summary>The table <paramref name="entityType"/> maps to, schema-qualified where it has a schema.</summary>
    public string Table(IReadOnlyEntityType entityType) => _sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());

    /// <summary>The tenant table, schema-qualified where it has a schema.</summary>
    public string Table(TenantTable table) => _sql.DelimitIdentifier(table.Table, table.Schema);

    /// <summary>The temporary table a move keeps the keys of its rows in, qualified so no table of the host's is meant.</summary>
    public string MovingKeys => (_postgres ? "pg_temp" : "temp") + ".msphub_moving_keys";

    /// <summary>The column <paramref name="property"/> maps to in <paramref name="entityType"/>'s table.</summary>
    /// <exception cref="InvalidOperationException">The property has no column in that table.</exception>
    public string Column(IReadOnlyEntityType entityType, IReadOnlyProperty property) =>
        _sql.DelimitIdentifier(TableNames.Column(entityType, property)
            ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} has no column in {TableNames.Qualified(entityType)}."));

    /// <summary>The column of <paramref name="entityType"/>'s property named <paramref name="propertyName"/>.</summary>
    public string Column(IReadOnlyEntityType entityType, string propertyName) => Column(entityType, entityType.FindProperty(propertyName)!);

    /// <summary>A column or other identifier, delimited.</summary>
    public string Identifier(string name) => _sql.DelimitIdentifier(name);

    /// <summary>The tenant table's tenant id column.</summary>
    public string TenantColumn(TenantTable table) => _sql.DelimitIdentifier(table.TenantIdColumn);

    /// <summary>
    /// Selects the row of <paramref name="entityType"/> whose <paramref name="keyProperty"/> is <c>{0}</c>, locked until the
    /// transaction ends: on PostgreSQL for update, or shared (writers of the row wait, other readers do not); on SQLite the
    /// write lock a transaction takes when it begins does it.
    /// </summary>
    public string SelectLocked(IReadOnlyEntityType entityType, string keyProperty, bool shared = false) =>
        $"SELECT * FROM {Table(entityType)} WHERE {Column(entityType, keyProperty)} = {{0}}" + (!_postgres ? "" : shared ? " FOR SHARE" : " FOR UPDATE");

    /// <summary>Deletes the rows of the tenant in <c>{0}</c> from <paramref name="table"/>.</summary>
    public string DeleteTenantRows(TenantTable table) => $"DELETE FROM {Table(table)} WHERE {TenantColumn(table)} = {{0}}";

    /// <summary>
    /// Gives the rows of <paramref name="table"/> that belong to the tenant in <c>{0}</c> to the tenant in <c>{1}</c>;
    /// a caller narrows it with an <c>AND</c> it appends.
    /// </summary>
    public string ChangeTenant(TenantTable table)
    {
        var tenant = TenantColumn(table);
        return $"UPDATE {Table(table)} SET {tenant} = {{1}} WHERE {tenant} = {{0}}";
    }

    /// <summary>
    /// Inserts one row of <paramref name="entityType"/> unless one with its key exists, leaving that one alone: EF Core
    /// has no upsert, so each provider gets its own form. Each value is SQL text, a <c>{n}</c> placeholder or a constant.
    /// </summary>
    public string InsertUnlessPresent(IReadOnlyEntityType entityType, params (string Property, string Value)[] values)
    {
        var columns = string.Join(", ", values.Select(v => Column(entityType, v.Property)));
        var row = string.Join(", ", values.Select(v => v.Value));
        return _postgres
            ? $"INSERT INTO {Table(entityType)} ({columns}) VALUES ({row}) ON CONFLICT DO NOTHING"
            : $"INSERT OR IGNORE INTO {Table(entityType)} ({columns}) VALUES ({row})";
    }
}
