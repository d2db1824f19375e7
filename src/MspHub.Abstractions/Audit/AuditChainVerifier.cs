namespace MspHub;

/// <summary>
/// Checks a chain in a store: walks its records in sequence order with each checkpoint after the record it signs
/// (<see cref="AuditChainWalk"/>), then compares the end with the stored head and the last checkpoint, so a tail removed
/// with or without its head is found. A record that vouches for records no longer there (a prune's anchor, a deletion
/// certificate) is believed only with the checkpoint signed in its own append.
/// </summary>
internal static class AuditChainVerifier
{
    // The detail keys of a deletion certificate (MspHub.EntityFramework) holding the tenant chain's final head.
    private const string FinalSequence = "final-sequence", FinalHash = "final-hash";

    public static async Task<AuditVerification> VerifyAsync(
        IAuditStore store, AuditKeyRing keys, AuditTailLimits? limits, DateTimeOffset now, Guid? tenantId, long fromSequence, long? toSequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromSequence);
        if (toSequence < fromSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(toSequence), toSequence, "The range ends before it starts.");
        }

        var head = await store.GetHeadAsync(tenantId, cancellationToken).ConfigureAwait(false);

        // Checkpoints are few (one per many records), and one context cannot read two result sets at once: read them first.
        var checkpoints = new Queue<AuditCheckpoint>();
        await foreach (var checkpoint in store.ReadCheckpointsAsync(tenantId, 1, null, cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Enqueue(checkpoint);
        }

        // A range that starts past everything the chain says it holds has nothing to check: that is a mistaken range, not
        // a missing record (records removed there would leave the head or a checkpoint beyond them). From record 1, the
        // default, is the whole chain, even an empty one.
        var signedTo = checkpoints.Count == 0 ? 0 : checkpoints.Max(c => c.ToSequence);
        var end = Math.Max(head.Sequence, signedTo);
        if (fromSequence > Math.Max(end, 1))
        {
            throw new ArgumentOutOfRangeException(null, $"The chain ends at record {end}; a range from record {fromSequence} has nothing to check.");
        }

        string previous = AuditHash.Genesis, beforePrevious = "";
        if (await FindAnchorAsync(store, tenantId, cancellationToken).ConfigureAwait(false) is { } pruned && fromSequence <= pruned.Through + 1)
        {
            if (Unproven(pruned, checkpoints, keys) is { } forged)
            {
                return Bad(tenantId, 0, forged);
            }

            // Records up to the anchor were archived and pruned: the first one left chains to the hash the checkpoint at
            // the anchor signed, so a record deleted after the anchor is still missing. A range from record 1 is the chain
            // as kept; one that starts or ends among the pruned records would be checked only in part, and say nothing of it.
            if (toSequence <= pruned.Through || (fromSequence > 1 && fromSequence <= pruned.Through))
            {
                throw new ArgumentOutOfRangeException(null,
                    $"Records 1 to {pruned.Through} were archived and pruned, and the chain's records start at {pruned.Through + 1}; verify from there, or the pruned records' archive offline (AuditExportVerifier, msphub audit verify).");
            }

            (fromSequence, previous) = (pruned.Through + 1, pruned.Hash);
        }
        else if (fromSequence > 1)
        {
            // The record before the range is taken as it is: verifying from the middle trusts what came before.
            AuditRecord? anchor = null;
            await foreach (var record in store.ReadAsync(tenantId, fromSequence - 1, fromSequence - 1, cancellationToken).ConfigureAwait(false))
            {
                anchor = record;
            }

            if (anchor is null)
            {
                return Bad(tenantId, 0, AuditChainProblem.Missing, fromSequence - 1, "The record before the range is missing, so the range has nothing to chain to.");
            }

            (previous, beforePrevious) = (anchor.Hash, anchor.PreviousHash);
        }

        var tail = limits is null ? null : new AuditTail(limits, 0);
        if (tail is not null && checkpoints.Count > 0)
        {
            tail.Signed(checkpoints.Last());
        }

        var walk = new AuditChainWalk(fromSequence, previous, beforePrevious, keys, checkpointsFromFirst: true);
        if (Feed(walk, checkpoints, fromSequence - 1) is { } early)
        {
            return Bad(tenantId, walk.RecordsChecked, early);
        }

        await foreach (var record in store.ReadAsync(tenantId, fromSequence, toSequence, cancellationToken).ConfigureAwait(false))
        {
            if ((walk.Record(record, cancellationToken) ?? Feed(walk, checkpoints, record.Sequence - 1)) is { } found)
            {
                return Bad(tenantId, walk.RecordsChecked, found);
            }

            // Records appended while the walk ran (past the head read first) may be signed by checkpoints read before them.
            if (record.Sequence <= head.Sequence)
            {
                tail?.Record(record);
            }
        }

        if (Feed(walk, checkpoints, walk.LastSequence) is { } atEnd)
        {
            return Bad(tenantId, walk.RecordsChecked, atEnd);
        }

        var last = walk.LastSequence;
        var read = walk.RecordsChecked;
        if (toSequence is { } to && to <= head.Sequence && last < to)
        {
            return Bad(tenantId, read, AuditChainProblem.Missing, last + 1, $"Records {last + 1} to {to} are missing.");
        }

        if (toSequence is null || toSequence >= Math.Max(head.Sequence, signedTo))
        {
            // A checkpoint past the end outlived the records it signed: the tail went, and the head with it.
            if (checkpoints.Count > 0)
            {
                return Feed(walk, checkpoints, long.MaxValue) is { } late
                    ? Bad(tenantId, read, late)
                    : Bad(tenantId, read, AuditChainProblem.Truncated, last + 1,
                        $"The chain ends at record {last}, but checkpoint {walk.LastCheckpoint!.Number} signed it up to record {walk.LastCheckpoint.ToSequence}: the records after {last} were removed with the head.");
            }

            if (last < head.Sequence)
            {
                return Bad(tenantId, read, AuditChainProblem.Truncated, last + 1, $"The chain ends at record {last}, but its head is record {head.Sequence}: the records after {last} were removed.");
            }

            if (last > head.Sequence && head.Sequence >= fromSequence - 1
                && !await AppendedMeanwhileAsync(store, tenantId, last, cancellationToken).ConfigureAwait(false))
            {
                return Bad(tenantId, read, AuditChainProblem.Inserted, head.Sequence + 1, $"Records after the head ({head.Sequence}) were inserted.");
            }

            if (last == head.Sequence && last >= fromSequence && walk.LastHash != head.Hash)
            {
                return Bad(tenantId, read, AuditChainProblem.ContentChanged, last, $"Record {last} was rewritten: it does not match the chain head.");
            }

            if (tail is not null && await CheckTailAsync(store, keys, tail, tenantId, walk, Math.Min(last, head.Sequence), fromSequence, signedTo, now, cancellationToken).ConfigureAwait(false) is { } stale)
            {
                return Bad(tenantId, read, stale);
            }
        }

        return new AuditVerification(tenantId, read, AuditChainProblem.None, null, null);
    }

    /// <summary>
    /// Where the chain's records should run, whatever the table still holds: from 1, or from the record after the last
    /// prune when its anchor is proven, to the stored head or the last record a checkpoint signed, whichever is further
    /// (a tail deleted with its head still leaves the checkpoint). An export spans this, so deleted records show in it.
    /// </summary>
    public static async Task<(long Start, long End)> FindExtentAsync(IAuditStore store, AuditKeyRing keys, Guid? tenantId, CancellationToken cancellationToken)
    {
        var end = (await store.GetHeadAsync(tenantId, cancellationToken).ConfigureAwait(false)).Sequence;
        await foreach (var checkpoint in store.ReadCheckpointsAsync(tenantId, end + 1, null, cancellationToken).ConfigureAwait(false))
        {
            end = Math.Max(end, checkpoint.ToSequence);
        }

        // A forged prune record vouches for nothing: the chain then still starts at 1, and the records before it are missing.
        if (await FindAnchorAsync(store, tenantId, cancellationToken).ConfigureAwait(false) is { } pruned)
        {
            var signing = await store.ReadCheckpointsAsync(tenantId, pruned.Through, pruned.Record.Sequence, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (Unproven(pruned, signing, keys) is null)
            {
                return (pruned.Through + 1, end);
            }
        }

        return (1, end);
    }

    // The head is read before the records, so records appended while the walk ran come after it. An append moves the
    // head in the same transaction as its record, so a head read again has reached them; records inserted behind the
    // store's back leave it where it was.
    private static async Task<bool> AppendedMeanwhileAsync(IAuditStore store, Guid? tenantId, long last, CancellationToken cancellationToken) =>
        (await store.GetHeadAsync(tenantId, cancellationToken).ConfigureAwait(false)).Sequence >= last;

    // The tail after the last checkpoint up to the head read at the start (`tailEnd`), judged now. The chain of a
    // deleted tenant is never sealed: its deletion certificate, signed in the MSP chain, holds its final head instead,
    // and must match where the chain ends (nothing is appended to it, so the walk ends there too).
    private static async Task<AuditChainWalk.Finding?> CheckTailAsync(
        IAuditStore store, AuditKeyRing keys, AuditTail tail, Guid? tenantId, AuditChainWalk walk, long tailEnd, long fromSequence, long signedTo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? oldest = null;
        if (fromSequence > signedTo + 1 && tailEnd > signedTo)
        {
            // The range starts inside the tail: its first record was not walked.
            await foreach (var record in store.ReadAsync(tenantId, signedTo + 1, signedTo + 1, cancellationToken).ConfigureAwait(false))
            {
                oldest = record.OccurredAt;
            }
        }

        var stale = tail.Check(tailEnd, now, oldest);
        if (stale is null || tenantId is not { } tenant)
        {
            return stale;
        }

        var query = new AuditQuery { TenantId = null, Action = AuditActions.TenantDeletionCertified, TargetType = "tenant", TargetId = tenant.ToString(), PageSize = 1 };
        var certificates = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        if (certificates.Count == 0
            || !certificates[0].Detail.TryGetValue(FinalSequence, out var text)
            || !long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var final))
        {
            return stale;
        }

        var certificate = certificates[0];
        AuditCheckpoint? signing = null;
        await foreach (var checkpoint in store.ReadCheckpointsAsync(null, certificate.Sequence, certificate.Sequence, cancellationToken).ConfigureAwait(false))
        {
            signing = checkpoint;
        }

        // A certificate is believed only as the deletion wrote it; one appended behind the store's back vouches for nothing.
        if (Unsigned(certificate, signing, keys) is { } unsigned)
        {
            return stale.Value with { Message = $"{stale.Value.Message} The tenant's deletion certificate (record {certificate.Sequence} of the MSP chain) does not count: {unsigned.Message}" };
        }

        var last = walk.LastSequence;
        if (final > last)
        {
            return new(AuditChainProblem.Truncated, last + 1, $"The chain ends at record {last}, but the tenant's deletion certificate says it ended at record {final}: the records after {last} were removed.");
        }

        return final == last && certificate.Detail.GetValueOrDefault(FinalHash) == walk.LastHash ? null : stale;
    }

    // The last prune's anchor, from its record. The record is what says records were pruned, so it counts only when
    // proven (Unproven); it is in the chain too, so a prefix deleted without one breaks the chain.
    private static async Task<Anchor?> FindAnchorAsync(IAuditStore store, Guid? tenantId, CancellationToken cancellationToken)
    {
        var pruned = await store.QueryAsync(new AuditQuery { TenantId = tenantId, Action = AuditActions.AuditPruned, PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        return pruned.Count > 0
            && pruned[0].Detail.TryGetValue(AuditRetention.AnchorTo, out var to) && long.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, out var through)
            && pruned[0].Detail.TryGetValue(AuditRetention.AnchorHash, out var hash)
            ? new Anchor(pruned[0], through, hash)
            : null;
    }

    // Anyone who can write the tables can append a record saying records were pruned, so a prune is taken as one only
    // as retention writes it: its record signed in its own append, and the records it pruned ending at a checkpoint
    // that signed the hash the record names.
    private static AuditChainWalk.Finding? Unproven(Anchor anchor, IEnumerable<AuditCheckpoint> checkpoints, AuditKeyRing keys)
    {
        var record = anchor.Record;
        if (Unsigned(record, checkpoints.FirstOrDefault(c => c.ToSequence == record.Sequence), keys) is { } unsigned)
        {
            return unsigned with { Message = $"Record {record.Sequence} says records up to {anchor.Through} were pruned, but {unsigned.Message}" };
        }

        var end = checkpoints.FirstOrDefault(c => c.ToSequence == anchor.Through);
        if (end is null)
        {
            return new(AuditChainProblem.CheckpointChainBroken, anchor.Through,
                $"Record {record.Sequence} says records up to {anchor.Through} were pruned, but no checkpoint signs record {anchor.Through}: checkpoints were removed.");
        }

        return keys.Check(end) is var problem && problem != AuditChainProblem.None
            ? new(problem, anchor.Through, $"Checkpoint {end.Number}, where the pruned records end, does not verify with a trusted key (it names '{end.KeyId}').")
            : end.HeadHash != anchor.Hash
                ? new(AuditChainProblem.ContentChanged, record.Sequence, $"Record {record.Sequence} says the pruned records ended at hash {anchor.Hash}, but checkpoint {end.Number} signed another.")
                : null;
    }

    // Why a record that certifies something (AuditEntry.SignCheckpoint) is not as its append wrote it, or null. The append
    // signs a checkpoint at the record, stamped with the record's own time and over its hash. A record appended behind
    // the store's back can still be signed later by the sealer, as the chain's head, but at the time the sealer runs:
    // a forger would have to stamp the record with that time to the microsecond in advance (on a clock that moves; a
    // frozen or coarse clock lets the sealer's time equal the record's). No checkpoint can be made without the key.
    private static AuditChainWalk.Finding? Unsigned(AuditRecord record, AuditCheckpoint? signing, AuditKeyRing keys)
    {
        if (signing is null || signing.SignedAt != record.OccurredAt)
        {
            return new(AuditChainProblem.Inserted, record.Sequence, "no checkpoint was signed in its append: it was not written by MspHub.");
        }

        return keys.Check(signing) switch
        {
            AuditChainProblem.None when signing.HeadHash == record.Hash && AuditChainWalk.HashesAt(record, record.Sequence) => null,
            AuditChainProblem.None => new(AuditChainProblem.ContentChanged, record.Sequence, $"checkpoint {signing.Number}, signed in its append, signed other content: the record was rewritten."),
            var problem => new(problem, record.Sequence, $"checkpoint {signing.Number}, signed in its append, does not verify with a trusted key (it names '{signing.KeyId}')."),
        };
    }

    // Feeds the checkpoints that sign records up to `through`.
    private static AuditChainWalk.Finding? Feed(AuditChainWalk walk, Queue<AuditCheckpoint> checkpoints, long through)
    {
        while (checkpoints.TryPeek(out var next) && next.ToSequence <= through)
        {
            if (walk.Checkpoint(checkpoints.Dequeue()) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private sealed record Anchor(AuditRecord Record, long Through, string Hash);

    private static AuditVerification Bad(Guid? tenantId, long read, AuditChainWalk.Finding found) =>
        Bad(tenantId, read, found.Problem, found.Sequence, found.Message);

    private static AuditVerification Bad(Guid? tenantId, long read, AuditChainProblem problem, long sequence, string message) =>
        new(tenantId, read, problem, sequence, message);
}
