namespace MspHub;

/// <summary>Why <see cref="IAuditLog.VerifyAsync(Guid?, long, long?, CancellationToken)"/> found a chain broken, at <see cref="AuditVerification.FirstBadSequence"/>.</summary>
public enum AuditChainProblem
{
    /// <summary>Nothing: the chain is intact over the range checked.</summary>
    None,

    /// <summary>The record's content (or its hash) is not what was hashed when it was written.</summary>
    ContentChanged,

    /// <summary>Records are absent: the sequence jumps over this number.</summary>
    Missing,

    /// <summary>This record was not part of the chain: the record after it was chained to the one before it.</summary>
    Inserted,

    /// <summary>This record is valid, but for another position in the chain: records were moved.</summary>
    Reordered,

    /// <summary>
    /// The chain ends before its head, or before the last record a checkpoint signed: the last records were removed
    /// from this number on (with the head, when a checkpoint is what shows it).
    /// </summary>
    Truncated,

    /// <summary>A checkpoint's signature does not verify with its key: the checkpoint, or the records it signs, were changed.</summary>
    CheckpointForged,

    /// <summary>A checkpoint names a key id that is not among the keys trusted to verify it.</summary>
    UnknownKey,

    /// <summary>A checkpoint does not follow the one before it (a number skipped, another previous signature, a gap in the records covered): checkpoints were removed or replaced.</summary>
    CheckpointChainBroken,

    /// <summary>An export line is not valid JSON of the documented shape (export verification only).</summary>
    Malformed,

    /// <summary>
    /// Records after the last checkpoint that an append would have signed: at least
    /// <see cref="AuditCheckpointOptions.EveryRecords"/> of them, or one stamped more than
    /// <see cref="AuditCheckpointOptions.Every"/> and <see cref="AuditCheckpointOptions.SealGrace"/> after that checkpoint.
    /// The tail was deleted and re-forged by someone without the signing key.
    /// </summary>
    UnsignedTail,

    /// <summary>
    /// The records after the last checkpoint are older than <see cref="AuditCheckpointOptions.Every"/> and
    /// <see cref="AuditCheckpointOptions.SealGrace"/>: the sealer would have signed them, so it is not running, or the tail
    /// was replaced (with old times) by someone without the key.
    /// </summary>
    CheckpointOverdue,
}
