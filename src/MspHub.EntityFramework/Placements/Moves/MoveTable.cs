using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// One tenant-owned table as a move copies it, and the statements the move runs on it: the columns it copies (every
/// stored column but computed ones and PostgreSQL's <c>xmin</c>), its primary key, which identifies a row on both
/// sides, and the tenant column that selects the tenant's rows. Names come delimited from the model
/// (<see cref="TableSql"/>); the only value in the text is the tenant id, a Guid MspHub formats, because
/// <c>COPY</c> takes no parameters. A row is compared by the MD5 of its text form, which both sessions produce with
/// the same settings (<see cref="MoveSession"/>).
/// </summary>
internal sealed class MoveTable
{
    private const string Stage = "pg_temp.msphub_move_stage";
    private const string Keys = "pg_temp.msphub_move_keys";

    private readonly string _table;
    private readonly string _tenant;
    private readonly string _columns;
    private readonly IReadOnlyList<string> _keys;
    private readonly List<string> _values;

    private MoveTable(string name, string table, string tenant, IReadOnlyList<string> keys, IReadOnlyList<string> columns)
    {
        Name = name;
        _table = table;
        _tenant = tenant;
        _keys = keys;
        _values = columns.Except(keys).ToList();
        _columns = string.Join(", ", columns);
        KeyText = $"ROW({string.Join(", ", keys)})::text";
        RowText = $"ROW({_columns})::text";
    }

    /// <summary>The table, schema-qualified where it has a schema.</summary>
    public string Name { get; }

    private string KeyText { get; }

    private string RowText { get; }

    /// <summary>
    /// The data context's tenant-owned tables in copy order, principals before the tables whose rows reference them.
    /// </summary>
    /// <exception cref="TenantOperationException">A table of the model holds no tenant id or has no primary key: a move could not tell its rows apart.</exception>
    public static IReadOnlyList<MoveTable> Plan(DbContext context)
    {
        var sql = TableSql.For(context);
        var relational = context.Model.GetRelationalModel();
        var ordered = TenantDeletion.InDeletionOrder(context.Model).Reverse().ToList();
        var covered = ordered.Select(t => (t.Table, t.Schema)).ToHashSet();
        var uncovered = relational.Tables.Where(t => !covered.Contains((t.Name, t.Schema))).Select(t => TableNames.Qualified(t.Name, t.Schema)).ToList();
        if (uncovered.Count > 0)
        {
            throw new TenantOperationException(
                $"{context.GetType().Name} maps tables without a tenant id column ({string.Join(", ", uncovered)}), so a move cannot tell which of their rows "
                + "belong to the tenant. Keep only tenant-owned entities in the tenant data context; shared data belongs in the control plane.");
        }

        return ordered.ConvertAll(t =>
        {
            var table = relational.FindTable(t.Table, t.Schema)!;
            var keys = table.PrimaryKey?.Columns.Select(c => sql.Identifier(c.Name)).ToList()
                ?? throw new TenantOperationException($"{t.Qualified} has no primary key, so a move cannot match its rows on the two databases.");
            var columns = table.Columns.Where(c => c.ComputedColumnSql is null && !(c.IsRowVersion && c.StoreType == "xid")).Select(c => sql.Identifier(c.Name)).ToList();
            return new MoveTable(t.Qualified, sql.Table(t), sql.TenantColumn(t), keys, columns);
        });
    }

    /// <summary>Each of the tenant's rows in <c>@tenant</c>: its key's text and the MD5 of its text.</summary>
    public string Digests => $"SELECT {KeyText}, md5({RowText}) FROM {_table} WHERE {_tenant} = @tenant";

    /// <summary>The tenant's rows in <c>@tenant</c>: how many, and the MD5 of their digests in key order.</summary>
    public string Summary =>
        $"SELECT count(*), md5(coalesce(string_agg(md5({RowText}), '' ORDER BY {KeyText} COLLATE \"C\"), '')) FROM {_table} WHERE {_tenant} = @tenant";

    /// <summary>Copies out the tenant's rows, every one or only those whose key text is in the session's key table.</summary>
    public string CopyOut(Guid tenantId, bool onlyListedKeys) =>
        $"COPY (SELECT {_columns} FROM {_table} WHERE {_tenant} = '{tenantId:D}'::uuid"
        + (onlyListedKeys ? $" AND {KeyText} IN (SELECT k FROM {Keys})" : "")
        + ") TO STDOUT (FORMAT BINARY)";

    /// <summary>An empty staging table of the copied columns, for <see cref="CopyIn"/>: <c>COPY FROM</c> cannot write a table under row-level security.</summary>
    public string CreateStage => $"DROP TABLE IF EXISTS {Stage}; CREATE TEMP TABLE msphub_move_stage AS SELECT {_columns} FROM {_table} WITH NO DATA";

    /// <summary>Copies rows into the staging table.</summary>
    public string CopyIn => $"COPY {Stage} ({_columns}) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Writes the staged rows into the table, through its row-level security: those whose key is there for the same
    /// tenant replace its values, the others are inserted. A row of another tenant with the same key is never matched,
    /// so it is never overwritten (even by a role that bypasses row-level security): the insert then fails on the key.
    /// </summary>
    public string ApplyStage
    {
        get
        {
            var match = string.Join(" AND ", _keys.Select(k => $"t.{k} = s.{k}").Append($"t.{_tenant} = s.{_tenant}"));
            var update = _values.Count == 0 ? "" :
                $"UPDATE {_table} AS t SET ({string.Join(", ", _values)}) = ROW({string.Join(", ", _values.Select(v => "s." + v))}) FROM {Stage} AS s WHERE {match}; ";
            return update
                + $"INSERT INTO {_table} ({_columns}) OVERRIDING SYSTEM VALUE SELECT {_columns} FROM {Stage} AS s "
                + $"WHERE NOT EXISTS (SELECT 1 FROM {_table} AS t WHERE {match}); DROP TABLE {Stage}";
        }
    }

    /// <summary>Deletes the tenant's rows (<c>@tenant</c>) whose key text is in <c>@keys</c>.</summary>
    public string DeleteKeys => $"DELETE FROM {_table} WHERE {_tenant} = @tenant AND {KeyText} = ANY(@keys)";

    /// <summary>Deletes every row of the tenant in <c>@tenant</c>.</summary>
    public string DeleteTenant => $"DELETE FROM {_table} WHERE {_tenant} = @tenant";

    /// <summary>A session table of key texts, emptied, for <see cref="CopyOut"/> with listed keys.</summary>
    public static string CreateKeys => $"CREATE TEMP TABLE IF NOT EXISTS msphub_move_keys (k text); TRUNCATE {Keys}";

    /// <summary>Copies key texts into the session's key table.</summary>
    public static string CopyKeys => $"COPY {Keys} (k) FROM STDIN (FORMAT BINARY)";

    /// <summary>The table's columns filled from a sequence (serial and identity), with the sequence, for <see cref="AdvanceSequence"/>.</summary>
    public static string SequenceColumns =>
        "SELECT a.attname, pg_get_serial_sequence(@table, a.attname) FROM pg_attribute a "
        + "WHERE a.attrelid = @table::regclass AND a.attnum > 0 AND NOT a.attisdropped AND pg_get_serial_sequence(@table, a.attname) IS NOT NULL";

    /// <summary>The table's name as <see cref="SequenceColumns"/> takes it in <c>@table</c>.</summary>
    public string TableName => _table;

    /// <summary>
    /// Moves the sequence in <c>@sequence</c> past the largest value of <paramref name="column"/> among the rows the
    /// session sees, never back, so the target's next generated value cannot collide with a copied row.
    /// </summary>
    public string AdvanceSequence(string column) =>
        $"SELECT setval(@sequence::regclass, GREATEST((SELECT max({PostgresNames.Quote(column)}) FROM {_table}), pg_sequence_last_value(@sequence::regclass), 1))";
}
