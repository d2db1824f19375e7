using System.Diagnostics;

namespace MspHub;

/// <summary>
/// Turns an <see cref="AuditEntry"/> into a record draft: checked, stamped with the time, actor and trace of the
/// flow that records it, and, for a refusal, passed through the flood aggregation. Done where the action happens,
/// so a record written later (queued from synchronous code) still carries the caller's time and trace.
/// </summary>
internal sealed class AuditStamp(IAuditActorSource actors, TimeProvider time)
{
    /// <summary>How long identical refusals are counted rather than recorded.</summary>
    public static readonly TimeSpan RefusalWindow = TimeSpan.FromMinutes(1);

    // Past this many kinds, kinds whose window has passed are dropped; kinds inside their window stay, since each was
    // recorded once already and its count is still owed to its next record.
    private const int MaxRefusalKinds = 10_000;
    private readonly Dictionary<RefusalKind, RefusalCount> _refusals = [];

    /// <summary>The draft, or <see langword="null"/> for a refusal counted into a later record.</summary>
    public AuditRecord? Draft(AuditEntry entry)
    {
        AuditEntryRules.Validate(entry);
        var now = AuditHash.ToStoredPrecision(time.GetUtcNow());
        var actor = entry.Actor ?? actors.Current;
        var detail = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entry.Detail ?? new Dictionary<string, string>())
        {
            detail[key] = value;
        }

        if (entry.Outcome == AuditOutcome.Refused)
        {
            var suppressed = CountRefusal(new RefusalKind(entry.TenantId, actor, entry.Action, entry.TargetType, entry.TargetId), now);
            if (suppressed is null)
            {
                return null;
            }

            if (suppressed > 0)
            {
                detail["suppressed"] = suppressed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var activity = Activity.Current;
        return new AuditRecord
        {
            TenantId = entry.TenantId,
            OccurredAt = now,
            Actor = actor,
            Action = entry.Action,
            TargetType = entry.TargetType,
            TargetId = entry.TargetId,
            Outcome = entry.Outcome,
            Reason = entry.Reason,
            CorrelationId = entry.CorrelationId ?? (activity is null ? null : activity.SpanId.ToHexString()),
            TraceId = activity is null ? null : activity.TraceId.ToHexString(),
            Detail = detail,
        };
    }

    // Null: counted, not recorded. Otherwise how many identical refusals were counted since the last recorded one.
    private long? CountRefusal(RefusalKind kind, DateTimeOffset now)
    {
        lock (_refusals)
        {
            if (_refusals.TryGetValue(kind, out var count) && now - count.WindowStart < RefusalWindow)
            {
                count.Suppressed++;
                return null;
            }

            if (_refusals.Count >= MaxRefusalKinds)
            {
                foreach (var stale in _refusals.Where(r => now - r.Value.WindowStart >= RefusalWindow).Select(r => r.Key).ToList())
                {
                    _refusals.Remove(stale);
                }
            }

            var suppressed = count?.Suppressed ?? 0;
            _refusals[kind] = new RefusalCount { WindowStart = now };
            return suppressed;
        }
    }

    private sealed record RefusalKind(Guid? TenantId, AuditActor Actor, string Action, string? TargetType, string? TargetId);

    private sealed class RefusalCount
    {
        public DateTimeOffset WindowStart { get; init; }

        public long Suppressed { get; set; }
    }
}
