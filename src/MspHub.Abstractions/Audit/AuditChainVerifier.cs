namespace MspHub;

/// <summary>
/// Checks a chain in a store: walks its records in sequence order with each checkpoint after the record it signs
/// (<see cref="AuditChainWalk"/>), then compares the end with the stored head and the last checkpoint, so a tail removed
/// with or without its head is found.
/// </summary>
internal static class AuditChainVerifier
{
    public static async Task<AuditVerification> VerifyAsync(
        IAuditStore store, AuditKeyRing keys, Guid? tenantId, long fromSequence, long? toSequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromSequence);
        if (toSequence < fromSequence)
        {
            throw new ArgumentOutOfRangeException(nameof(toSequence), toSequence, "The range ends before it starts.");
        }

        var head = await store.GetHeadAsync(tenantId, cancellationToken).ConfigureAwait(false);
        string previous = AuditHash.Genesis, beforePrevious = "";
        if (await FindAnchorAsync(store, tenantId, cancellationToken).ConfigureAwait(false) is { } pruned && fromSequence <= pruned.Through + 1)
        {
            // Records up to the anchor were archived and pruned: the first one left chains to the hash the checkpoint at
            // the anchor signed (compared when that checkpoint is fed), so a record deleted after the anchor is still missing.
            if (toSequence <= pruned.Through)
            {
                throw new ArgumentOutOfRangeException(nameof(toSequence), toSequence, $"Records 1 to {pruned.Through} were archived and pruned; verify their archive with AuditExportVerifier.");
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

        // Checkpoints are few (one per many records), and one context cannot read two result sets at once: read them first.
        var checkpoints = new Queue<AuditCheckpoint>();
        await foreach (var checkpoint in store.ReadCheckpointsAsync(tenantId, 1, null, cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Enqueue(checkpoint);
        }

        var signedTo = checkpoints.Count == 0 ? 0 : checkpoints.Max(c => c.ToSequence);
        var walk = new AuditChainWalk(fromSequence, previous, beforePrevious, Math.Max(Math.Max(head.Sequence, toSequence ?? 0), signedTo), keys, checkpointsFromFirst: true);
        if (Feed(walk, checkpoints, fromSequence - 1) is { } early)
        {
            return Bad(tenantId, walk.RecordsChecked, early);
        }

        await foreach (var record in store.ReadAsync(tenantId, fromSequence, toSequence, cancellationToken).ConfigureAwait(false))
        {
            if ((walk.Record(record) ?? Feed(walk, checkpoints, record.Sequence - 1)) is { } found)
            {
                return Bad(tenantId, walk.RecordsChecked, found);
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

            if (last > head.Sequence && head.Sequence >= fromSequence - 1)
            {
                return Bad(tenantId, read, AuditChainProblem.Inserted, head.Sequence + 1, $"Records after the head ({head.Sequence}) were inserted.");
            }

            if (last == head.Sequence && last >= fromSequence && walk.LastHash != head.Hash)
            {
                return Bad(tenantId, read, AuditChainProblem.ContentChanged, last, $"Record {last} was rewritten: it does not match the chain head.");
            }
        }

        return new AuditVerification(tenantId, read, AuditChainProblem.None, null, null);
    }

    // The last prune's anchor, from its record: the record is in the chain, so it is checked as the walk reaches it, and
    // a prefix deleted without one (or a record claiming more than was pruned) breaks the chain.
    private static async Task<(long Through, string Hash)?> FindAnchorAsync(IAuditStore store, Guid? tenantId, CancellationToken cancellationToken)
    {
        var pruned = await store.QueryAsync(new AuditQuery { TenantId = tenantId, Action = AuditActions.AuditPruned, PageSize = 1 }, cancellationToken).ConfigureAwait(false);
        return pruned.Count > 0
            && pruned[0].Detail.TryGetValue(AuditRetention.AnchorTo, out var to) && long.TryParse(to, System.Globalization.CultureInfo.InvariantCulture, out var through)
            && pruned[0].Detail.TryGetValue(AuditRetention.AnchorHash, out var hash)
            ? (through, hash)
            : null;
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

    private static AuditVerification Bad(Guid? tenantId, long read, AuditChainWalk.Finding found) =>
        Bad(tenantId, read, found.Problem, found.Sequence, found.Message);

    private static AuditVerification Bad(Guid? tenantId, long read, AuditChainProblem problem, long sequence, string message) =>
        new(tenantId, read, problem, sequence, message);
}
