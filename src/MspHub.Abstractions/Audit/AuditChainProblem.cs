namespace MspHub;

/// <summary>Why <see cref="IAuditLog.VerifyAsync"/> found a chain broken, at <see cref="AuditVerification.FirstBadSequence"/>.</summary>
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

    /// <summary>The chain ends before its head: the last records were removed from this number on.</summary>
    Truncated,
}
