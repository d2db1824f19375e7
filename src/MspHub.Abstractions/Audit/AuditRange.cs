namespace MspHub;

/// <summary>
/// The part of a chain <see cref="IAuditLog.VerifyAsync(Guid?, AuditReader, AuditRange, CancellationToken)"/> checks:
/// by sequence number, or by time (the run of records stamped from <see cref="From"/> to before <see cref="To"/>, as an
/// export takes it), never both. Everything unset checks the whole chain; a range open at its end checks to the chain's
/// end, which is what finds a removed or stale tail.
/// </summary>
public sealed record AuditRange
{
    /// <summary>The first record to check (from 1); the record before it is trusted.</summary>
    public long? FromSequence { get; init; }

    /// <summary>The last record to check; unset: to the end of the chain.</summary>
    public long? ToSequence { get; init; }

    /// <summary>Records stamped at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Records stamped before this time (exclusive); unset: to the end of the chain.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Why the range is not one, or <see langword="null"/>: sequences from 1, an end not before the start, sequences and times not mixed.</summary>
    public string? Problem =>
        (FromSequence is not null || ToSequence is not null) && (From is not null || To is not null)
            ? "Give a range by sequence number or by time, not both."
            : FromSequence < 1 || ToSequence < 1
                ? "Sequence numbers start at 1."
                : ToSequence < FromSequence || To <= From
                    ? "The range ends before it starts."
                    : null;
}
