using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// An append on PostgreSQL in one statement, from a known head: the head row moves from that sequence and hash to the
/// record's, and the record (and its checkpoint, if one is signed) is inserted only when it did, all in a
/// data-modifying <c>WITH</c>. Moving the head locks its row until the transaction ends, as the locking append's
/// <c>SELECT … FOR UPDATE</c> does; a concurrent writer waits for it, then finds the head moved and changes nothing.
/// Column names and parameter types come from the model, so the statement follows the tables' mapping.
/// </summary>
internal sealed class AuditAppendStatement
{
    private static readonly ConditionalWeakTable<IModel, AuditAppendStatement> ByModel = [];

    private readonly IProperty[] _head;
    private readonly IProperty[] _record;
    private readonly IProperty[] _checkpoint;
    private readonly string _recordOnly;
    private readonly string _withCheckpoint;

    private AuditAppendStatement(IModel model, TableSql sql)
    {
        var heads = model.FindEntityType(typeof(AuditChainHeadRow))!;
        var records = model.FindEntityType(typeof(AuditRecordRow))!;
        var checkpoints = model.FindEntityType(typeof(AuditCheckpointRow))!;
        _head = [heads.FindProperty(nameof(AuditChainHeadRow.Sequence))!, heads.FindProperty(nameof(AuditChainHeadRow.Hash))!, heads.FindProperty(nameof(AuditChainHeadRow.ChainId))!];
        _record = [.. records.GetProperties()];
        _checkpoint = [.. checkpoints.GetProperties()];

        // Parameters: {0} new sequence, {1} new hash, {2} chain, {3} known sequence, {4} known hash, then the record's, then the checkpoint's.
        var (sequence, hash, chain) = (sql.Column(heads, _head[0]), sql.Column(heads, _head[1]), sql.Column(heads, _head[2]));
        var moved = $"WITH moved AS (UPDATE {sql.Table(heads)} SET {sequence} = {{0}}, {hash} = {{1}} "
            + $"WHERE {chain} = {{2}} AND {sequence} = {{3}} AND {hash} = {{4}} RETURNING 1)";
        var insertRecord = Insert(records, _record, 5, sql);
        _recordOnly = $"{moved} {insertRecord}";
        _withCheckpoint = $"{moved}, inserted AS ({insertRecord} RETURNING 1) {Insert(checkpoints, _checkpoint, 5 + _record.Length, sql)}";
    }

    public static AuditAppendStatement For(DbContext context) =>
        ByModel.GetValue(context.Model, model => new AuditAppendStatement(model, TableSql.For(context)));

    /// <summary>Appends <paramref name="record"/> (and <paramref name="checkpoint"/>) if the chain's head is still <paramref name="from"/>.</summary>
    /// <returns>Whether it was: when not, nothing changed.</returns>
    public async Task<bool> TryAsync(
        DatabaseFacade database, AuditHeadHint from, AuditRecordRow record, AuditCheckpointRow? checkpoint, CancellationToken cancellationToken)
    {
        using var factory = database.GetDbConnection().CreateCommand();
        var parameters = new List<DbParameter>(5 + _record.Length + (checkpoint is null ? 0 : _checkpoint.Length))
        {
            Parameter(factory, _head[0], 0, record.Sequence),
            Parameter(factory, _head[1], 1, record.Hash),
            Parameter(factory, _head[2], 2, record.ChainId),
            Parameter(factory, _head[0], 3, from.Sequence),
            Parameter(factory, _head[1], 4, from.Hash),
        };
        Add(parameters, factory, _record, record);
        if (checkpoint is not null)
        {
            Add(parameters, factory, _checkpoint, checkpoint);
        }

        var sql = checkpoint is null ? _recordOnly : _withCheckpoint;
        return await database.ExecuteSqlRawAsync(sql, parameters, cancellationToken).ConfigureAwait(false) == 1;
    }

    private static void Add(List<DbParameter> parameters, DbCommand factory, IProperty[] columns, object row)
    {
        foreach (var column in columns)
        {
            parameters.Add(Parameter(factory, column, parameters.Count, column.GetGetter().GetClrValue(row)));
        }
    }

    // The column's own type mapping makes the parameter, so value converters and provider types apply as they do in SaveChanges.
    private static DbParameter Parameter(DbCommand factory, IProperty column, int index, object? value) =>
        column.GetRelationalTypeMapping().CreateParameter(factory, "p" + index, value, column.IsNullable);

    private static string Insert(IEntityType entity, IProperty[] columns, int firstParameter, TableSql sql) =>
        $"INSERT INTO {sql.Table(entity)} ({string.Join(", ", columns.Select(c => sql.Column(entity, c)))}) "
        + $"SELECT {string.Join(", ", columns.Select((_, i) => $"{{{firstParameter + i}}}"))} FROM moved";
}
