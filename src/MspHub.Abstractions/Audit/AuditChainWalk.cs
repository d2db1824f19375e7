namespace MspHub;

/// <summary>
/// Walks one chain in order, record by record, with each checkpoint fed right after the record it signs, and names the
/// first thing that breaks it. Each record must carry the next sequence number, hash to its stored hash there and name
/// the previous record's hash; each checkpoint must verify with its key, follow the checkpoint before it, and sign the
/// hash the walk reached. The kind of break is told apart by what still verifies: a record that hashes correctly under
/// another sequence number (within <see cref="MoveWindow"/>) was moved;
/// one that would be valid one place earlier, chained to the record before its predecessor, shows that predecessor was
/// inserted. <see cref="AuditChainVerifier"/> feeds it from a store, <see cref="AuditExportVerifier"/> from an export.
/// </summary>
/// <param name="fromSequence">The first record expected.</param>
/// <param name="previousHash">The hash the first record must be chained to (trusted).</param>
/// <param name="beforePreviousHash">The hash before that, when known, to tell an inserted record apart; otherwise empty.</param>
/// <param name="keys">The keys checkpoints verify with.</param>
/// <param name="checkpointsFromFirst">Whether the first checkpoint fed must be the chain's first (a store's walk), or may be any (an export's).</param>
internal sealed class AuditChainWalk(long fromSequence, string previousHash, string beforePreviousHash, AuditKeyRing keys, bool checkpointsFromFirst)
{
    /// <summary>
    /// How far from its place a moved record is looked for: one moved further is reported as changed. Bounded so a
    /// changed record costs a few thousand hashes, whatever sequence numbers an export's header or lines claim.
    /// </summary>
    public const long MoveWindow = 1024;

    private string _previous = previousHash, _beforePrevious = beforePreviousHash;
    private readonly long _fromSequence = fromSequence;
    private long _expected = fromSequence;

    /// <summary>How many records were fed.</summary>
    public long RecordsChecked { get; private set; }

    /// <summary>How many checkpoints were fed.</summary>
    public long CheckpointsChecked { get; private set; }

    /// <summary>The last record walked (one before the first when none was).</summary>
    public long LastSequence => _expected - 1;

    /// <summary>The hash the walk reached.</summary>
    public string LastHash => _previous;

    /// <summary>The last checkpoint fed that verified.</summary>
    public AuditCheckpoint? LastCheckpoint { get; private set; }

    /// <summary>The last record a verified checkpoint signed, in the range walked.</summary>
    public long? SignedThrough { get; private set; }

    public Finding? Record(AuditRecord record, CancellationToken cancellationToken)
    {
        RecordsChecked++;
        var expected = _expected;
        if (record.Sequence > expected)
        {
            return new(AuditChainProblem.Missing, expected, $"Records {expected} to {record.Sequence - 1} are missing.");
        }

        // A number already passed: the record is written here a second time, or was made for this place under a taken number.
        if (record.Sequence < expected)
        {
            return record.PreviousHash == _previous
                ? new(AuditChainProblem.Inserted, expected, $"A record numbered {record.Sequence} follows record {expected - 1} and is chained to it: it was inserted under a number already taken.")
                : new(AuditChainProblem.Reordered, expected, $"Record {record.Sequence} appears again where record {expected} belongs: records were moved or repeated.");
        }

        if (!HashesAt(record, expected))
        {
            if (record.PreviousHash == _beforePrevious && HashesAt(record, expected - 1))
            {
                return new(AuditChainProblem.Inserted, expected - 1, $"Record {expected - 1} was inserted: the record after it belongs in its place.");
            }

            for (var other = Math.Max(1, expected - MoveWindow); other <= expected + MoveWindow; other++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (other != expected && HashesAt(record, other))
                {
                    return new(AuditChainProblem.Reordered, expected, $"Record {expected} was moved here; it was written as record {other}.");
                }
            }

            return new(AuditChainProblem.ContentChanged, expected, $"Record {expected} does not hash to its stored hash: its content was changed.");
        }

        // The walk's first record chains to what it starts from (the chain's start, an anchor, the record before the range),
        // which is taken as given: the record itself was rewritten. Record 0 does not exist.
        if (record.PreviousHash != _previous)
        {
            return record.PreviousHash == _beforePrevious
                ? new(AuditChainProblem.Inserted, expected - 1, $"Record {expected - 1} was inserted: record {expected} is chained to the record before it.")
                : RecordsChecked == 1
                    ? new(AuditChainProblem.ContentChanged, expected, $"Record {expected} was rewritten: it is not chained to {(expected == 1 ? "the chain's start (32 zero bytes)" : $"record {expected - 1}, where the check starts")}.")
                    : new(AuditChainProblem.ContentChanged, expected - 1, $"Record {expected - 1} was rewritten: record {expected} was chained to a different hash.");
        }

        (_beforePrevious, _previous) = (_previous, record.Hash);
        _expected++;
        return null;
    }

    /// <summary>Checks a checkpoint; one whose last record is the one just walked, or the one before, is also compared with the hash reached there.</summary>
    public Finding? Checkpoint(AuditCheckpoint checkpoint)
    {
        CheckpointsChecked++;
        var at = checkpoint.ToSequence;
        switch (keys.Check(checkpoint))
        {
            case AuditChainProblem.UnknownKey:
                return new(AuditChainProblem.UnknownKey, at, $"Checkpoint {checkpoint.Number} is signed with key '{checkpoint.KeyId}', which is not among the trusted keys.");
            case AuditChainProblem.CheckpointForged:
                return new(AuditChainProblem.CheckpointForged, at, $"Checkpoint {checkpoint.Number} does not verify with key '{checkpoint.KeyId}': it was forged or changed.");
        }

        var previous = LastCheckpoint;
        var follows = previous is null
            ? (!checkpointsFromFirst && checkpoint.Number > 1) || (checkpoint.Number == 1 && checkpoint.FromSequence == 1 && checkpoint.PreviousSignature.Length == 0)
            : checkpoint.Number == previous.Number + 1 && checkpoint.FromSequence == previous.ToSequence + 1 && checkpoint.PreviousSignature == previous.Signature;
        if (!follows || checkpoint.ToSequence < checkpoint.FromSequence)
        {
            return new(AuditChainProblem.CheckpointChainBroken, at, previous is null
                ? $"Checkpoint {checkpoint.Number} is not the chain's first checkpoint: the checkpoints before it were removed."
                : $"Checkpoint {checkpoint.Number} does not follow checkpoint {previous.Number}: checkpoints were removed or replaced.");
        }

        // Fed right after the record it signs, or one record later (so a record inserted there is named by the one after it).
        if ((at == LastSequence ? _previous : at == LastSequence - 1 && RecordsChecked > 0 ? _beforePrevious : null) is { } reached)
        {
            if (checkpoint.HeadHash != reached)
            {
                return new(AuditChainProblem.ContentChanged, checkpoint.FromSequence,
                    $"Checkpoint {checkpoint.Number} signed other records {checkpoint.FromSequence} to {at} than the chain holds: they were rewritten and re-hashed.");
            }

            if (at >= _fromSequence)
            {
                SignedThrough = at;
            }
        }

        LastCheckpoint = checkpoint;
        return null;
    }

    // Whether the record hashes to its stored hash were it at this position; not when a stored field cannot be encoded
    // (a previous hash edited into something that is not 32 bytes of hex), which is a changed record too.
    public static bool HashesAt(AuditRecord record, long sequence)
    {
        try
        {
            return AuditHash.HashesTo(record, sequence, record.Hash);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>What broke, at which record, and how an operator reads it.</summary>
    public readonly record struct Finding(AuditChainProblem Problem, long Sequence, string Message);
}
