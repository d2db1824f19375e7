using System.Collections.ObjectModel;
using System.Text.Json;

namespace MspHub.EntityFramework;

/// <summary>
/// An <see cref="AuditRecord"/> as a row of <c>audit_records</c>: keyed by chain (the tenant id, or
/// <see cref="Guid.Empty"/> for the MSP-level chain) and sequence number, with the detail as a JSON object.
/// </summary>
internal sealed class AuditRecordRow
{
    public Guid ChainId { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public string ActorKind { get; set; } = "";

    public Guid? ActorId { get; set; }

    public string Action { get; set; } = "";

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string Outcome { get; set; } = "";

    public string? Reason { get; set; }

    public string? CorrelationId { get; set; }

    public string? TraceId { get; set; }

    public string Detail { get; set; } = "{}";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";

    public static AuditRecordRow From(AuditRecord record) => new()
    {
        ChainId = record.TenantId ?? Guid.Empty,
        Sequence = record.Sequence,
        OccurredAt = record.OccurredAt,
        ActorKind = AuditNames.Of(record.Actor.Kind),
        ActorId = record.Actor.Id,
        Action = record.Action,
        TargetType = record.TargetType,
        TargetId = record.TargetId,
        Outcome = AuditNames.Of(record.Outcome),
        Reason = record.Reason,
        CorrelationId = record.CorrelationId,
        TraceId = record.TraceId,
        Detail = JsonSerializer.Serialize(record.Detail),
        PreviousHash = record.PreviousHash,
        Hash = record.Hash,
    };

    // An unknown actor kind or outcome (a row edited by hand) reads as text the hash will not match, never as an exception.
    public AuditRecord ToRecord() => new()
    {
        TenantId = ChainId == Guid.Empty ? null : ChainId,
        Sequence = Sequence,
        OccurredAt = OccurredAt.ToUniversalTime(),
        Actor = new AuditActor(Enum.TryParse<AuditActorKind>(ActorKind, out var kind) ? kind : (AuditActorKind)(-1), ActorId),
        Action = Action,
        TargetType = TargetType,
        TargetId = TargetId,
        Outcome = Enum.TryParse<AuditOutcome>(Outcome, out var outcome) ? outcome : (AuditOutcome)(-1),
        Reason = Reason,
        CorrelationId = CorrelationId,
        TraceId = TraceId,
        Detail = ReadDetail(Detail),
        PreviousHash = PreviousHash,
        Hash = Hash,
    };

    // Unreadable JSON (a row edited by hand), or a null value where MspHub writes only strings, is kept as one entry, so
    // the record fails its hash check instead of throwing.
    private static IReadOnlyDictionary<string, string> ReadDetail(string json)
    {
        // Most records carry no detail: an empty object needs no parser, and they share one empty detail.
        if (json == "{}")
        {
            return ReadOnlyDictionary<string, string>.Empty;
        }

        Dictionary<string, string?>? detail;
        try
        {
            detail = JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];
        }
        catch (JsonException)
        {
            detail = null;
        }

        return detail is not null && detail.Values.All(value => value is not null)
            ? new SortedList<string, string>(detail!, StringComparer.Ordinal)
            : new SortedList<string, string>(StringComparer.Ordinal) { ["unreadable"] = json };
    }
}
