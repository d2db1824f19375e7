using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IAuditStore"/> over <typeparamref name="TContext"/>: records go to <c>audit_records</c> through MspHub's
/// own instance of the context (<see cref="OwnContext"/>), on the host context's connection and in its current
/// transaction, or in a transaction of their own when it has none. The chain's row in <c>audit_chain_heads</c> is
/// locked first (<c>SELECT … FOR UPDATE</c> on PostgreSQL; SQLite's one writer at a time does it there), so concurrent
/// writers to one chain take gap-free sequence numbers in turn, and a record exists exactly when its transaction commits.
/// On PostgreSQL, when this node knows the chain's head (<see cref="AuditHeadHints"/>), one statement
/// (<see cref="AuditAppendStatement"/>) moves the head from exactly that state and inserts the record instead: the same
/// lock, taken by the update, one round trip instead of two or three; when the head moved meanwhile it changes nothing and
/// the locking append runs.
/// </summary>
internal sealed class EntityFrameworkAuditStore<TContext>(TContext context, AuditHeadHints hints) : IAuditStore, IAsyncDisposable, IDisposable
    where TContext : DbContext
{
    // One own instance for the scope's appends: a record is small, and a new context per record would cost more.
    private TContext? _own;

    public ValueTask DisposeAsync() => _own?.DisposeAsync() ?? default;

    public void Dispose() => _own?.Dispose();

    public Task<AuditRecord> AppendAsync(
        AuditRecord draft, Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return StoreOperation.RunAsync(context.Database, $"recording audit action '{draft.Action}'", lockKey: null, async _ =>
            await TryAppendAtHintAsync(draft, checkpoint, cancellationToken).ConfigureAwait(false)
                ?? await AppendLockedAsync(draft, checkpoint, cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    // PostgreSQL, with the chain's head known on this node: one statement, which changes nothing when the head moved meanwhile.
    private async Task<AuditRecord?> TryAppendAtHintAsync(
        AuditRecord draft, Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? checkpoint, CancellationToken cancellationToken)
    {
        var chainId = draft.TenantId ?? Guid.Empty;
        if (!context.Database.IsPostgres()
            || !hints.TryGet(Database, chainId, out var hint)
            || (checkpoint is not null && !hint.CheckpointKnown))
        {
            return null;
        }

        var record = new AuditChainHead(draft.TenantId, hint.Sequence, hint.Hash).Seal(draft);
        var signed = checkpoint?.Invoke(record, hint.LastCheckpoint);
        var row = AuditRecordRow.From(record);
        if (!await AuditAppendStatement.For(context).TryAsync(context.Database, hint, row, signed is null ? null : AuditCheckpointRow.From(signed), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        hints.Set(Database, chainId, new AuditHeadHint(record.Sequence, record.Hash, signed ?? hint.LastCheckpoint, hint.CheckpointKnown));
        return record;
    }

    private async Task<AuditRecord> AppendLockedAsync(
        AuditRecord draft, Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? checkpoint, CancellationToken cancellationToken)
    {
        var own = OwnInstance();
        try
        {
            var chainId = draft.TenantId ?? Guid.Empty;
            var head = await LockHeadAsync(own, chainId, cancellationToken).ConfigureAwait(false);
            var record = new AuditChainHead(draft.TenantId, head.Sequence, head.Hash).Seal(draft);
            own.Add(AuditRecordRow.From(record));
            AuditCheckpoint? last = null, signed = null;
            if (checkpoint is not null)
            {
                // Read under the head's lock, so two writers never sign the same checkpoint number.
                last = (await own.Set<AuditCheckpointRow>().AsNoTracking().Where(c => c.ChainId == chainId)
                    .OrderByDescending(c => c.Number).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false))?.ToCheckpoint();
                if (checkpoint(record, last) is { } next)
                {
                    signed = next;
                    own.Add(AuditCheckpointRow.From(next));
                }
            }

            head.Sequence = record.Sequence;
            head.Hash = record.Hash;
            await own.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            hints.Set(Database, chainId, new AuditHeadHint(record.Sequence, record.Hash, signed ?? last, checkpoint is not null));
            return record;
        }
        finally
        {
            own.ChangeTracker.Clear();
        }
    }

    // The hints' key for this context's database.
    private string Database => context.Database.GetConnectionString() ?? "";

    private TContext OwnInstance()
    {
        if (_own is null)
        {
            _own = OwnContext.For(context);
        }
        else
        {
            OwnContext.Follow(_own, context);
        }

        return _own;
    }

    public Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return StoreOperation.RunAsync(context.Database, "recording an audited change", lockKey: null, _ => change(cancellationToken), cancellationToken);
    }

    // Every filter is led by the chain id, so each is served by one of audit_records' indexes (chain_id, ...).
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await Filtered(query).OrderByDescending(r => r.Sequence).Take(query.PageSize + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. page.Select(r => r.ToRecord())];
    }

    // A range of the (chain_id, occurred_at) index, read backwards from the position: the time bound is a plain
    // "at or before" the index can seek to, and only records at exactly that time are then told apart by sequence.
    public async Task<IReadOnlyList<AuditRecord>> QueryByTimeAsync(
        AuditQuery query, (DateTimeOffset OccurredAt, long Sequence)? before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Filtered(query);
        if (before is { } position)
        {
            var at = position.OccurredAt.ToUniversalTime();
            var sequence = position.Sequence;
            rows = rows.Where(r => r.OccurredAt <= at && (r.OccurredAt < at || r.Sequence < sequence));
        }

        var page = await rows.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Sequence).Take(query.PageSize + 1)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. page.Select(r => r.ToRecord())];
    }

    private IQueryable<AuditRecordRow> Filtered(AuditQuery query)
    {
        var chainId = query.TenantId ?? Guid.Empty;
        var rows = context.Set<AuditRecordRow>().AsNoTracking().Where(r => r.ChainId == chainId);
        if (query.BeforeSequence is { } before)
        {
            rows = rows.Where(r => r.Sequence < before);
        }

        if (query.ActorId is { } actor)
        {
            rows = rows.Where(r => r.ActorId == actor);
        }

        if (query.Action is { } action)
        {
            rows = rows.Where(r => r.Action == action);
        }

        if (query.TargetType is { } targetType)
        {
            rows = rows.Where(r => r.TargetType == targetType);
        }

        if (query.TargetId is { } targetId)
        {
            rows = rows.Where(r => r.TargetId == targetId);
        }

        if (query.From is { } from)
        {
            var since = from.ToUniversalTime();
            rows = rows.Where(r => r.OccurredAt >= since);
        }

        if (query.To is { } to)
        {
            var until = to.ToUniversalTime();
            rows = rows.Where(r => r.OccurredAt < until);
        }

        return rows;
    }

    public async Task<AuditChainHead> GetHeadAsync(Guid? tenantId, CancellationToken cancellationToken = default)
    {
        var chainId = tenantId ?? Guid.Empty;
        var head = await context.Set<AuditChainHeadRow>().AsNoTracking().FirstOrDefaultAsync(h => h.ChainId == chainId, cancellationToken).ConfigureAwait(false);
        return head is null ? AuditChainHead.Empty(tenantId) : new AuditChainHead(tenantId, head.Sequence, head.Hash);
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(
        Guid? tenantId, long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chainId = tenantId ?? Guid.Empty;
        var rows = context.Set<AuditRecordRow>().AsNoTracking().Where(r => r.ChainId == chainId && r.Sequence >= fromSequence);
        if (toSequence is { } to)
        {
            rows = rows.Where(r => r.Sequence <= to);
        }

        // Verification and export read whole chains through here: the chain id every row shares is not read back (on
        // SQLite a GUID is text parsed per row), only the columns the record is made of.
        var records = rows.OrderBy(r => r.Sequence).Select(r => new AuditRecordRow
        {
            Sequence = r.Sequence,
            OccurredAt = r.OccurredAt,
            ActorKind = r.ActorKind,
            ActorId = r.ActorId,
            Action = r.Action,
            TargetType = r.TargetType,
            TargetId = r.TargetId,
            Outcome = r.Outcome,
            Reason = r.Reason,
            CorrelationId = r.CorrelationId,
            TraceId = r.TraceId,
            Detail = r.Detail,
            PreviousHash = r.PreviousHash,
            Hash = r.Hash,
        });
        await foreach (var row in records.AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            row.ChainId = chainId;
            yield return row.ToRecord();
        }
    }

    // Filtered through the (chain_id, occurred_at) index; only the two numbers come back, never the rows.
    public async Task<(long First, long Last)?> FindSequencesAsync(Guid? tenantId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default)
    {
        var chainId = tenantId ?? Guid.Empty;
        var rows = context.Set<AuditRecordRow>().AsNoTracking().Where(r => r.ChainId == chainId);
        if (since is { } start)
        {
            var utc = start.ToUniversalTime();
            rows = rows.Where(r => r.OccurredAt >= utc);
        }

        if (until is { } end)
        {
            var utc = end.ToUniversalTime();
            rows = rows.Where(r => r.OccurredAt < utc);
        }

        var first = await rows.OrderBy(r => r.Sequence).Select(r => (long?)r.Sequence).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return null;
        }

        var last = await rows.OrderByDescending(r => r.Sequence).Select(r => r.Sequence).FirstAsync(cancellationToken).ConfigureAwait(false);
        return (first.Value, last);
    }

    public async IAsyncEnumerable<AuditCheckpoint> ReadCheckpointsAsync(
        Guid? tenantId, long fromSequence, long? toSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chainId = tenantId ?? Guid.Empty;
        var rows = context.Set<AuditCheckpointRow>().AsNoTracking().Where(c => c.ChainId == chainId && c.ToSequence >= fromSequence);
        if (toSequence is { } to)
        {
            rows = rows.Where(c => c.ToSequence <= to);
        }

        await foreach (var row in rows.OrderBy(c => c.Number).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return row.ToCheckpoint();
        }
    }

    public async Task<IReadOnlyList<Guid?>> ListChainsAsync(CancellationToken cancellationToken = default)
    {
        var chains = await context.Set<AuditChainHeadRow>().AsNoTracking().Select(h => h.ChainId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. chains.Select(id => id == Guid.Empty ? (Guid?)null : id)];
    }

    // One DELETE over the primary key's range, in the caller's transaction (retention's, which also holds the head's lock).
    public Task<long> PruneAsync(Guid? tenantId, long fromSequence, long toSequence, CancellationToken cancellationToken = default)
    {
        var chainId = tenantId ?? Guid.Empty;
        return StoreOperation.RunAsync(context.Database, "pruning archived audit records", lockKey: null, async _ =>
            (long)await context.Set<AuditRecordRow>().Where(r => r.ChainId == chainId && r.Sequence >= fromSequence && r.Sequence <= toSequence)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false), cancellationToken);
    }

    // The chain's head row, locked until the transaction ends; created (at sequence 0) the first time a chain is written.
    // Two first writers may both try to create it: the insert ignores a row that already exists, then both lock it.
    // The identifiers come from the model and are delimited by the provider; the values are parameters.
    private static async Task<AuditChainHeadRow> LockHeadAsync(TContext own, Guid chainId, CancellationToken cancellationToken)
    {
        var (entity, sql) = (own.Model.FindEntityType(typeof(AuditChainHeadRow))!, TableSql.For(own));
        var select = sql.SelectLocked(entity, nameof(AuditChainHeadRow.ChainId));
        var head = (await own.Set<AuditChainHeadRow>().FromSqlRaw(select, chainId).ToListAsync(cancellationToken).ConfigureAwait(false)).SingleOrDefault();
        if (head is not null)
        {
            return head;
        }

        var insert = sql.InsertUnlessPresent(
            entity, (nameof(AuditChainHeadRow.ChainId), "{0}"), (nameof(AuditChainHeadRow.Sequence), "0"), (nameof(AuditChainHeadRow.Hash), "{1}"));
        await own.Database.ExecuteSqlRawAsync(insert, [chainId, AuditHash.Genesis], cancellationToken).ConfigureAwait(false);
        return (await own.Set<AuditChainHeadRow>().FromSqlRaw(select, chainId).ToListAsync(cancellationToken).ConfigureAwait(false)).Single();
    }
}
