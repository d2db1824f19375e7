using System.Collections.ObjectModel;

namespace MspHub;

/// <summary>
/// One recorded action, as stored: its content, and its place in its chain (the tenant's, or the MSP-level chain
/// when <see cref="TenantId"/> is <see langword="null"/>). <see cref="Hash"/> covers the content, the sequence number
/// and <see cref="PreviousHash"/> (see <see cref="AuditHash"/>), so changing, removing, inserting or reordering
/// records breaks the chain where it happened.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>The tenant whose chain holds the record; <see langword="null"/> for the MSP-level chain.</summary>
    public Guid? TenantId { get; init; }

    /// <summary>The record's position in its chain: 1, 2, 3 … with no gaps.</summary>
    public long Sequence { get; init; }

    /// <summary>When the action was recorded, in UTC, to the microsecond (what every supported database keeps).</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>Who acted.</summary>
    public required AuditActor Actor { get; init; }

    /// <summary>What happened.</summary>
    public required string Action { get; init; }

    /// <summary>What kind of thing the action concerned, if anything.</summary>
    public string? TargetType { get; init; }

    /// <summary>Which one.</summary>
    public string? TargetId { get; init; }

    /// <summary>Whether it happened or was refused.</summary>
    public AuditOutcome Outcome { get; init; }

    /// <summary>Why it was refused, or a short note.</summary>
    public string? Reason { get; init; }

    /// <summary>The unit of work the action belonged to (a span id, a message id).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The W3C trace id of the <see cref="System.Diagnostics.Activity"/> that was current, to find the action in traces.</summary>
    public string? TraceId { get; init; }

    /// <summary>A few named values, ordered by key (ordinal).</summary>
    public IReadOnlyDictionary<string, string> Detail { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The previous record's <see cref="Hash"/>, or <see cref="AuditHash.Genesis"/> for the first record of a chain; lowercase hex.</summary>
    public string PreviousHash { get; init; } = AuditHash.Genesis;

    /// <summary>SHA-256 of the record's canonical encoding (<see cref="AuditHash.Compute"/>); lowercase hex.</summary>
    public string Hash { get; init; } = AuditHash.Genesis;
}
