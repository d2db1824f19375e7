namespace MspHub;

/// <summary>
/// Watches the records a walk reads after the last checkpoint it knows, and names a tail an honest host could not have
/// left: at least <see cref="AuditTailLimits.EveryRecords"/> records unsigned (the append that made that many signs), a
/// record stamped later than <see cref="AuditTailLimits.Every"/> and the grace after the last checkpoint (its own append
/// would have signed it), or a record older than that at the time of the check (the sealer would have signed it). A
/// deleted tail re-forged without the key is either old, long, or stamped after a checkpoint that should have followed.
/// </summary>
/// <param name="limits">The host's policy.</param>
/// <param name="signedThrough">The last record known to be signed before the first record fed (0 for a whole chain).</param>
internal sealed class AuditTail(AuditTailLimits limits, long signedThrough)
{
    private long _signedThrough = signedThrough;
    private AuditCheckpoint? _checkpoint;
    private AuditRecord? _first, _late;

    /// <summary>A checkpoint signed records up to its last: the tail starts after it.</summary>
    public void Signed(AuditCheckpoint checkpoint)
    {
        (_checkpoint, _signedThrough, _first, _late) = (checkpoint, checkpoint.ToSequence, null, null);
    }

    /// <summary>A record read in order; only those after the last checkpoint count.</summary>
    public void Record(AuditRecord record)
    {
        if (record.Sequence <= _signedThrough)
        {
            return;
        }

        _first ??= record;
        if (_late is null && _checkpoint is { } last && record.OccurredAt - last.SignedAt > limits.Every + limits.Grace)
        {
            _late = record;
        }
    }

    /// <summary>
    /// What is wrong with the tail ending at <paramref name="lastSequence"/>, or <see langword="null"/>; its age is judged
    /// at <paramref name="now"/> when given, and <paramref name="oldestUnsigned"/> stands for the first unsigned record
    /// when the walk started after it.
    /// </summary>
    public AuditChainWalk.Finding? Check(long lastSequence, DateTimeOffset? now, DateTimeOffset? oldestUnsigned = null)
    {
        if (lastSequence <= _signedThrough)
        {
            return null;
        }

        if (lastSequence - _signedThrough >= limits.EveryRecords)
        {
            var due = _signedThrough + limits.EveryRecords;
            return new(AuditChainProblem.UnsignedTail, due,
                $"Records {_signedThrough + 1} to {lastSequence} follow the last checkpoint unsigned, but the append of record {due} signs one every {limits.EveryRecords} records: the tail was replaced without the key.");
        }

        if (_late is { } late)
        {
            return new(AuditChainProblem.UnsignedTail, late.Sequence,
                $"Record {late.Sequence} was stamped {AuditJsonLines.Time(late.OccurredAt)}, more than {limits.Every} and a grace of {limits.Grace} after checkpoint {_checkpoint!.Number} was signed, yet no checkpoint signs it: its append would have, so it was not appended by the host.");
        }

        if (now is { } at && (oldestUnsigned ?? _first?.OccurredAt) is { } oldest && at - oldest > limits.Every + limits.Grace)
        {
            return new(AuditChainProblem.CheckpointOverdue, _signedThrough + 1,
                $"Records {_signedThrough + 1} to {lastSequence} have waited for a checkpoint since {AuditJsonLines.Time(oldest)}, longer than {limits.Every} and a grace of {limits.Grace}: the sealer (IAuditSealer.SealQuietChainsAsync) is not running, or the tail was replaced without the key.");
        }

        return null;
    }
}
