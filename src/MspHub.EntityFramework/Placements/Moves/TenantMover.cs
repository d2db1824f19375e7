using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// Moves a tenant between placement databases by batched copy, converging the target on the source table by table:
/// a pass copies what the target lacks or holds differently (found by comparing each row's key and hash on both
/// sides) and deletes what the source no longer has. Passes run while the tenant keeps working, then once more under
/// the write fence, which is therefore only as long as the changes made during the copy take to copy. A target left by
/// a move that died converges the same way, so taking such a move over needs no bookkeeping of its own.
/// </summary>
internal sealed partial class TenantMover<TControl, TData>(
    EntityFrameworkPlacementCatalog<TControl, TData> catalog,
    PlacementDirectory directory,
    DedicatedDatabases<TData> databases,
    TenantCopies<TData> copies,
    ITenantStore tenantStatus,
    IServiceProvider services,
    TimeProvider time,
    ILogger<TenantMover<TControl, TData>> logger) : ITenantMover
    where TControl : DbContext
    where TData : DbContext
{
    // Passes before the fence: the second copies only what changed during the first, so the fenced pass is short.
    private const int PassesBeforeFence = 2;

    public Task<TenantMoveResult> MoveAsync(TenantMove move, IProgress<TenantMoveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(move);
        ArgumentNullException.ThrowIfNull(move.Caller);
        if (!Enum.IsDefined(move.Kind))
        {
            throw new ArgumentOutOfRangeException(nameof(move), move.Kind, "Unknown placement kind.");
        }

        _ = directory.Options.Server(move.Server);
        if (services.GetService<IOperationGate>() is not { } gate)
        {
            return MoveNowAsync(move, progress, cancellationToken);
        }

        var call = new GateCall(GateOperations.TenantMove, move.TenantId, move.Caller, new[] { move.Server, move.Kind.ToString() })
        {
            ApprovalId = move.ApprovalId,
            Summary = move.Kind == PlacementKind.Dedicated
                ? $"Move the tenant's data to a database of its own on server '{move.Server}'"
                : $"Move the tenant's data to the shared database of server '{move.Server}'",
        };
        return gate.RunAsync(call, token => MoveNowAsync(move, progress, token), cancellationToken);
    }

    public async Task<TenantPlacement> AbandonAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var placement = await catalog.GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (placement.State != PlacementState.Moving)
        {
            return placement;
        }

        MoveSession source;
        try
        {
            source = await ClaimAsync(placement, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not MspHubException && StoreFailures.IsUnreachable(error))
        {
            throw new StoreConnectionLostException($"rolling back the unfinished move of tenant {tenantId} (its source, {Describe(placement)})", duringCommit: false, error);
        }

        await using (source.ConfigureAwait(false))
        {
            var tables = copies.Plan();
            var active = await catalog.ChangeAsync(tenantId, placement.Epoch, recordUnplaced: false, Activate, cancellationToken).ConfigureAwait(false);
            // Best-effort, as a takeover sweeps: the tenant is active again, and a copy on a server that cannot be reached
            // is logged (357); deleting the tenant later sweeps every database again.
            await RemoveStrayCopiesAsync(active, keep: null, tables, bestEffort: true).ConfigureAwait(false);

            await RecordAsync(active, active, "An unfinished move was rolled back; the tenant stays on its source.", null, CancellationToken.None).ConfigureAwait(false);
            LogAbandoned(logger, tenantId, active.Server, active.Database ?? "shared");
            return active;
        }
    }

    // A server that cannot be reached, on either side, is reported as such whatever step found it, never as the provider's
    // bare exception: before the flip the move was rolled back (or its roll-back logged how to finish it); after it, the
    // move took effect and only what followed failed, which the exception tells as an outcome to check.
    private async Task<TenantMoveResult> MoveNowAsync(TenantMove move, IProgress<TenantMoveProgress>? progress, CancellationToken cancellationToken)
    {
        var tookEffect = new StrongBox<bool>();
        try
        {
            return await MoveReachableAsync(move, progress, tookEffect, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not MspHubException && StoreFailures.IsUnreachable(error))
        {
            throw new StoreConnectionLostException(MoveOperation(move), duringCommit: tookEffect.Value, error);
        }
        catch (StoreConnectionLostException lost) when (tookEffect.Value && !lost.DuringCommit)
        {
            // A step after the flip (recording it) lost its connection: the move happened, so "nothing was changed" would mislead.
            throw new StoreConnectionLostException(MoveOperation(move), duringCommit: true, lost.InnerException ?? lost);
        }
    }

    private static string MoveOperation(TenantMove move) =>
        $"moving tenant {move.TenantId} to placement server '{move.Server}' ({(move.Kind == PlacementKind.Dedicated ? "a database of its own" : "its shared database")})";

    private async Task<TenantMoveResult> MoveReachableAsync(
        TenantMove move, IProgress<TenantMoveProgress>? progress, StrongBox<bool> tookEffect, CancellationToken cancellationToken)
    {
        var tenantId = move.TenantId;
        if (!await catalog.TenantExistsAsync(tenantId, cancellationToken).ConfigureAwait(false))
        {
            throw new TenantNotFoundException(tenantId.ToString());
        }

        var from = await catalog.GetAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var to = new TenantPlacement(
            tenantId, move.Server, move.Kind == PlacementKind.Dedicated ? DedicatedDatabases<TData>.NameFor(tenantId) : null, PlacementState.Active, false, 0);
        if (from.State == PlacementState.ReadOnly)
        {
            throw new TenantOperationException($"Tenant '{tenantId}' is read-only; make it active before moving it.");
        }

        if (from.Server == to.Server && from.Database == to.Database)
        {
            throw new TenantOperationException($"Tenant '{tenantId}' already lives in {Describe(to)}.");
        }

        if (await databases.SameDatabaseAsync(from, to, cancellationToken).ConfigureAwait(false))
        {
            throw new TenantOperationException(
                $"Placement servers '{from.Server}' and '{to.Server}' reach the same PostgreSQL server, so tenant '{tenantId}' already lives in {Describe(to)}: "
                + "the move would copy its rows onto themselves and then purge them. Give each configured server name a server of its own.");
        }

        var tables = copies.Plan();
        var source = await ClaimAsync(from, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            // A deletion holds the move key while it erases and sweeps; one that fenced the tenant before this claim did
            // not start erasing, and must not find the tenant's rows somewhere its sweep has already passed.
            if (await tenantStatus.FindStatusAsync(tenantId, cancellationToken).ConfigureAwait(false) is TenantStatus.Deleting)
            {
                throw new TenantOperationException($"Tenant '{tenantId}' is being deleted; it is not moved.");
            }

            // Taking over a move that died: it may have been copying to another database than this one is.
            if (from.State == PlacementState.Moving)
            {
                await RemoveStrayCopiesAsync(from, keep: to, tables, bestEffort: true).ConfigureAwait(false);
            }

            var copied = new long[tables.Count];
            var moving = await catalog.ChangeAsync(tenantId, from.Epoch, recordUnplaced: true, Moving(fenced: false), cancellationToken).ConfigureAwait(false);
            TenantPlacement flipped;
            TimeSpan fencedFor;
            List<TenantMoveTable> verified;
            try
            {
                Report(progress, tenantId, TenantMoveStage.Preparing, copied);
                if (to.Database is not null)
                {
                    await databases.EnsureAsync(to, cancellationToken).ConfigureAwait(false);
                }

                var target = await MoveSession.OpenAsync(databases.AdminConnectionString(to), tenantId, cancellationToken).ConfigureAwait(false);
                await using (target.ConfigureAwait(false))
                {
                    Report(progress, tenantId, TenantMoveStage.Copying, copied);
                    for (var pass = 0; pass < PassesBeforeFence; pass++)
                    {
                        await ConvergeAsync(source, target, tables, copied, cancellationToken).ConfigureAwait(false);
                    }

                    var fenced = await catalog.ChangeAsync(tenantId, moving.Epoch, recordUnplaced: false, Moving(fenced: true), cancellationToken).ConfigureAwait(false);
                    var fencedAt = time.GetTimestamp();
                    await CloseFenceAsync(source, tenantId, cancellationToken).ConfigureAwait(false);
                    Report(progress, tenantId, TenantMoveStage.Fenced, copied);

                    await ConvergeAsync(source, target, tables, copied, cancellationToken).ConfigureAwait(false);
                    Report(progress, tenantId, TenantMoveStage.Verifying, copied);
                    verified = await VerifyAsync(source, target, tables, copied, cancellationToken).ConfigureAwait(false);
                    foreach (var table in tables)
                    {
                        await target.AdvanceSequencesAsync(table, cancellationToken).ConfigureAwait(false);
                    }

                    flipped = await catalog.ChangeAsync(tenantId, fenced.Epoch, recordUnplaced: false, row =>
                    {
                        row.Server = to.Server;
                        row.Database = to.Database;
                        Activate(row);
                    }, cancellationToken).ConfigureAwait(false);
                    fencedFor = time.GetElapsedTime(fencedAt);
                }
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                await RollBackAsync(from, to, tables, error).ConfigureAwait(false);
                throw;
            }

            tookEffect.Value = true;
            ReportMoved(progress, tenantId, TenantMoveStage.Flipped, copied);
            LogMoved(logger, tenantId, from.Server, from.Database, flipped.Server, flipped.Database, (long)fencedFor.TotalMilliseconds);
            ReportMoved(progress, tenantId, TenantMoveStage.Purging, copied);
            var purged = await PurgeAsync(from, source, tables, time.GetTimestamp(), cancellationToken).ConfigureAwait(false);
            await RecordAsync(from, flipped, null, fencedFor, CancellationToken.None).ConfigureAwait(false);
            await source.ReleaseLocksAsync().ConfigureAwait(false);
            return new TenantMoveResult(from, flipped, verified, fencedFor, purged);
        }
    }

    // One pass: per table, parents first, the rows the target lacks or holds differently are copied; then, children
    // first, the rows the source no longer has are deleted from the target.
    private static async Task ConvergeAsync(MoveSession source, MoveSession target, IReadOnlyList<MoveTable> tables, long[] copied, CancellationToken cancellationToken)
    {
        var stale = new List<string>[tables.Count];
        for (var i = 0; i < tables.Count; i++)
        {
            // The two servers read at once: under the fence, these reads are most of its length.
            var (here, there) = await BothAsync(source.DigestsAsync(tables[i], cancellationToken), target.DigestsAsync(tables[i], cancellationToken)).ConfigureAwait(false);
            if (there.Count == 0)
            {
                copied[i] += here.Count == 0 ? 0 : await MoveSession.CopyAsync(source, target, tables[i], keys: null, cancellationToken).ConfigureAwait(false);
                stale[i] = [];
                continue;
            }

            var changed = here.Where(row => !there.TryGetValue(row.Key, out var digest) || digest != row.Value).Select(row => row.Key).ToList();
            if (changed.Count > 0)
            {
                copied[i] += await MoveSession.CopyAsync(source, target, tables[i], changed, cancellationToken).ConfigureAwait(false);
            }

            stale[i] = there.Keys.Where(key => !here.ContainsKey(key)).ToList();
        }

        for (var i = tables.Count - 1; i >= 0; i--)
        {
            if (stale[i].Count > 0)
            {
                await target.ExecuteAsync(tables[i].DeleteKeys, cancellationToken, stale[i]).ConfigureAwait(false);
            }
        }
    }

    private static async Task<List<TenantMoveTable>> VerifyAsync(MoveSession source, MoveSession target, IReadOnlyList<MoveTable> tables, long[] copied, CancellationToken cancellationToken)
    {
        var verified = new List<TenantMoveTable>(tables.Count);
        for (var i = 0; i < tables.Count; i++)
        {
            var (here, there) = await BothAsync(source.SummaryAsync(tables[i], cancellationToken), target.SummaryAsync(tables[i], cancellationToken)).ConfigureAwait(false);
            if (here != there)
            {
                throw new TenantOperationException(
                    $"The copy of {tables[i].Name} in {target.Database} does not match its source in {source.Database}: {there.Rows} rows (hash {there.Hash}) "
                    + $"against {here.Rows} (hash {here.Hash}). The move was rolled back; the tenant stays on its source.");
            }

            verified.Add(new TenantMoveTable(tables[i].Name, here.Rows, here.Hash, copied[i]));
        }

        return verified;
    }

    // Both reads to the end, so a failure of one never leaves the other running on a session about to close.
    private static async Task<(T Source, T Target)> BothAsync<T>(Task<T> source, Task<T> target)
    {
        await Task.WhenAll(source, target).ConfigureAwait(false);
        return (await source.ConfigureAwait(false), await target.ConfigureAwait(false));
    }

    // Waits, up to the drain timeout, for the tenant's writes under way on the source, and refuses every later one there.
    private async Task CloseFenceAsync(MoveSession source, Guid tenantId, CancellationToken cancellationToken)
    {
        var timeout = (long)directory.Options.MoveDrainTimeout.TotalMilliseconds;
        try
        {
            await source.ExecuteAsync($"SET lock_timeout = {timeout}; {WriteFence.Close(tenantId)}; SET lock_timeout = 0", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new TenantOperationException(
                $"Writes to tenant '{tenantId}' under way when the move fenced them did not finish within {directory.Options.MoveDrainTimeout} ({error.MessageText}); the move was rolled back.");
        }
    }

    // The tenant goes back to its source, active and writable, and what was copied is removed. Never cancelled.
    private async Task RollBackAsync(TenantPlacement from, TenantPlacement to, IReadOnlyList<MoveTable> tables, Exception error)
    {
        try
        {
            var now = await catalog.ReadAsync(from.TenantId, CancellationToken.None).ConfigureAwait(false);
            if (now.State == PlacementState.Moving && now.Server == from.Server && now.Database == from.Database)
            {
                now = await catalog.ChangeAsync(from.TenantId, now.Epoch, recordUnplaced: false, Activate, CancellationToken.None).ConfigureAwait(false);
            }

            await RemoveTargetCopyAsync(now, to, tables).ConfigureAwait(false);
            await RecordAsync(from, to, $"Rolled back: {error.Message}", null, CancellationToken.None).ConfigureAwait(false);
            LogRolledBack(logger, error, from.TenantId, Describe(to));
        }
        catch (Exception cleanup) when (cleanup is not OutOfMemoryException)
        {
            LogRollBackFailed(logger, cleanup, from.TenantId);
        }
    }

    // Once the tenant is active again nothing sweeps its copy (AbandonAsync leaves an active tenant alone), so a failure
    // that may pass (the target's server restarting) gets a second attempt, and a copy left is logged with where it is.
    private async Task RemoveTargetCopyAsync(TenantPlacement placed, TenantPlacement copy, IReadOnlyList<MoveTable> tables)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await copies.RemoveAsync(placed, copy, tables).ConfigureAwait(false);
                return;
            }
            catch (Exception error) when (error is not OutOfMemoryException && attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogCopyLeft(logger, error, placed.TenantId, copy.Server, copy.Database ?? databases.SharedDatabase(copy.Server),
                    copy.Database is null ? "delete the tenant's rows from it" : "drop it");
                return;
            }
        }
    }

    // Removes what an unfinished move may have copied anywhere: every server's dedicated database for the tenant and its
    // share of every shared one, except where it is placed and the database named by keep. The move records no target.
    // A takeover sweeps best-effort: the dead move's zone being down is a common way for a move to die, and must not keep
    // the tenant fenced; a copy on a server it cannot reach is logged for an operator to remove.
    private async Task RemoveStrayCopiesAsync(TenantPlacement placed, TenantPlacement? keep, IReadOnlyList<MoveTable> tables, bool bestEffort)
    {
        foreach (var copy in copies.Everywhere(placed.TenantId, keep))
        {
            try
            {
                await copies.RemoveAsync(placed, copy, tables).ConfigureAwait(false);
            }
            catch (Exception error) when (bestEffort && error is not OutOfMemoryException)
            {
                LogStrayCopyLeft(logger, error, placed.TenantId, Describe(copy));
            }
        }
    }

    // After the flip: a shared source loses the tenant's rows in one transaction, a dedicated one is dropped. Either way
    // the fence is held until no node can still route by the old placement, also when the purge fails or is cancelled,
    // so a late write is refused, never acknowledged and then lost.
    private async Task<bool> PurgeAsync(TenantPlacement from, MoveSession source, IReadOnlyList<MoveTable> tables, long flippedAt, CancellationToken cancellationToken)
    {
        var purged = false;
        try
        {
            if (from.Database is null)
            {
                await source.ExecuteAsync("BEGIN", cancellationToken).ConfigureAwait(false);
                await TenantCopies<TData>.DeleteAllAsync(source, tables, cancellationToken).ConfigureAwait(false);
                await source.ExecuteAsync("COMMIT", cancellationToken).ConfigureAwait(false);
                purged = true;
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogPurgeFailed(logger, error, from.TenantId, Describe(from));
        }

        // Another node may route by the old placement as long as it trusts its cache. A cross-node transport usually
        // makes it forget sooner, but a node cannot know what it did not hear (a Redis publish lost after the commit, a
        // listener behind a pooler that drops notifications), so only CacheFor bounds it.
        var unheard = directory.Options.CacheFor - time.GetElapsedTime(flippedAt);
        if (unheard > TimeSpan.Zero)
        {
            await Task.Delay(unheard, time, CancellationToken.None).ConfigureAwait(false);
        }

        if (from.Database is null)
        {
            return purged;
        }

        try
        {
            await source.DisposeAsync().ConfigureAwait(false);
            await databases.DropAsync(from.Server, from.Database).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogPurgeFailed(logger, error, from.TenantId, Describe(from));
            return false;
        }
    }

    // A session on the tenant's source holding its move key, so no other node moves or abandons the tenant meanwhile.
    private Task<MoveSession> ClaimAsync(TenantPlacement source, CancellationToken cancellationToken) =>
        MoveSession.ClaimAsync(databases.AdminConnectionString(source), source.TenantId, cancellationToken);

    private async Task RecordAsync(TenantPlacement from, TenantPlacement to, string? refusal, TimeSpan? fencedFor, CancellationToken cancellationToken)
    {
        var detail = new Dictionary<string, string> { ["from"] = Describe(from), ["to"] = Describe(to) };
        if (fencedFor is { } fenced)
        {
            detail["writes-fenced-ms"] = ((long)fenced.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            detail["epoch"] = to.Epoch.ToString(CultureInfo.InvariantCulture);
        }

        await services.GetRequiredService<IAuditLog>().RecordAsync(
            new AuditEntry(AuditActions.TenantPlacementMoved, from.TenantId)
            {
                TargetType = "tenant",
                TargetId = from.TenantId.ToString(),
                Outcome = refusal is null ? AuditOutcome.Succeeded : AuditOutcome.Refused,
                Reason = refusal is null ? null : Truncate(refusal),
                Detail = detail,
            },
            cancellationToken).ConfigureAwait(false);
    }


    private static Action<PlacementRow> Moving(bool fenced) => row =>
    {
        row.State = PlacementState.Moving;
        row.WritesFenced = fenced;
    };

    private static void Activate(PlacementRow row)
    {
        row.State = PlacementState.Active;
        row.WritesFenced = false;
    }

    private static void Report(IProgress<TenantMoveProgress>? progress, Guid tenantId, TenantMoveStage stage, long[] copied) =>
        progress?.Report(new TenantMoveProgress(tenantId, stage, copied.Sum()));

    // After the flip the move has happened: a listener that throws cannot undo it, and must not skip the purge and the fence.
    private void ReportMoved(IProgress<TenantMoveProgress>? progress, Guid tenantId, TenantMoveStage stage, long[] copied)
    {
        try
        {
            Report(progress, tenantId, stage, copied);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogListenerFailed(logger, error, tenantId, stage);
        }
    }

    private static string Describe(TenantPlacement placement) => $"{placement.Server}/{placement.Database ?? "shared"}";

    private static string Truncate(string text) => Guard.Shorten(text, AuditEntry.MaxTextLength);

    [LoggerMessage(EventId = 350, Level = LogLevel.Information, Message = "Moved tenant {TenantId} from server {FromServer} (database {FromDatabase}, none for shared) to server {ToServer} (database {ToDatabase}); its writes were fenced for {FencedMilliseconds} ms.")]
    private static partial void LogMoved(ILogger logger, Guid tenantId, string fromServer, string? fromDatabase, string toServer, string? toDatabase, long fencedMilliseconds);

    [LoggerMessage(EventId = 351, Level = LogLevel.Warning, Message = "The move of tenant {TenantId} to {To} failed and was rolled back; the tenant stays on its source.")]
    private static partial void LogRolledBack(ILogger logger, Exception error, Guid tenantId, string to);

    [LoggerMessage(EventId = 352, Level = LogLevel.Error, Message = "Rolling back the move of tenant {TenantId} failed. If its placement still says moving, call ITenantMover.AbandonAsync for it once the databases are reachable.")]
    private static partial void LogRollBackFailed(ILogger logger, Exception error, Guid tenantId);

    [LoggerMessage(EventId = 358, Level = LogLevel.Error, Message = "The move of tenant {TenantId} was rolled back and the tenant is active on its source, but its copy in database {Database} on placement server {Server} could not be removed, twice. Nothing removes it on its own: {Removal} by hand, or move the tenant there again, which converges it.")]
    private static partial void LogCopyLeft(ILogger logger, Exception error, Guid tenantId, string server, string database, string removal);

    [LoggerMessage(EventId = 353, Level = LogLevel.Warning, Message = "Tenant {TenantId} moved, but its rows in {Source} were not removed; no route leads there, and a later move into that database replaces them.")]
    private static partial void LogPurgeFailed(ILogger logger, Exception error, Guid tenantId, string source);

    [LoggerMessage(EventId = 357, Level = LogLevel.Error, Message = "Taking over the unfinished move of tenant {TenantId}, its copy in {Copy} could not be removed; remove it by hand once that server is reachable.")]
    private static partial void LogStrayCopyLeft(ILogger logger, Exception exception, Guid tenantId, string copy);

    [LoggerMessage(EventId = 356, Level = LogLevel.Warning, Message = "A progress listener of the move of tenant {TenantId} threw at stage {Stage}, after the move took effect; the move went on.")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, Guid tenantId, TenantMoveStage stage);

    [LoggerMessage(EventId = 354, Level = LogLevel.Warning, Message = "Rolled back an unfinished move of tenant {TenantId}; it stays on {Server}/{Database}.")]
    private static partial void LogAbandoned(ILogger logger, Guid tenantId, string server, string database);
}
