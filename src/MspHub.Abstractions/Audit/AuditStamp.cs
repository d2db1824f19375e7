using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub;

/// <summary>
/// Turns an <see cref="AuditEntry"/> into a record draft: checked, stamped with the time, actor and trace of the
/// flow that records it, and, for a refusal, passed through the flood aggregation. Done where the action happens,
/// so a record written later (queued from synchronous code) still carries the caller's time and trace. It is the one
/// place a record's actor is settled: whoever names the caller (the entry, <see cref="IAuditActorSource"/>, the vault,
/// a gate, the HTTP handlers) names a user, and a user acting in a tenant through a technician grant is recorded as the
/// technician they are there (<see cref="AuditActorKind.Technician"/>).
/// </summary>
internal sealed class AuditStamp(IAuditActorSource actors, TimeProvider time, IServiceProvider services)
{
    /// <summary>How long identical refusals are counted rather than recorded.</summary>
    public static readonly TimeSpan RefusalWindow = TimeSpan.FromMinutes(1);

    // Past this many kinds, kinds whose window has passed are dropped; kinds inside their window stay, since each was
    // recorded once already and its count is still owed to its next record.
    private const int MaxRefusalKinds = 10_000;
    private readonly Dictionary<RefusalKind, RefusalCount> _refusals = [];

    // Without an access store no user holds a grant anywhere, and the evaluator could not ask.
    private readonly bool _grantsKnown = services.GetService<IServiceProviderIsService>()?.IsService(typeof(IAccessStore)) == true;

    /// <summary>
    /// The draft, or <see langword="null"/> for a refusal counted into a later record; a user acting in the record's
    /// tenant through a technician grant is recorded as <see cref="AuditActor.Technician"/>.
    /// </summary>
    public async ValueTask<AuditRecord?> DraftAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var detail = AuditEntryRules.Validate(entry);
        var actor = await SettleAsync(entry.Actor ?? actors.Current, entry.TenantId, cancellationToken).ConfigureAwait(false);
        return Stamp(entry, detail, actor);
    }

    /// <summary>
    /// The draft of a record stamped on a synchronous flow (a scope opening, which cannot wait for a store), or
    /// <see langword="null"/> for a refusal counted into a later record; its actor is taken as named.
    /// </summary>
    public AuditRecord? Draft(AuditEntry entry)
    {
        var detail = AuditEntryRules.Validate(entry);
        return Stamp(entry, detail, entry.Actor ?? actors.Current);
    }

    /// <summary>
    /// <paramref name="actor"/> as a record in <paramref name="tenantId"/> names it: <see cref="AuditActor.Technician"/>
    /// for a user whose access there comes through a technician grant, otherwise unchanged. Only a user acting in a
    /// tenant can be there through a grant. The answer comes with the user's permissions there, from the permission
    /// cache the check that let them act has just filled, so a store read is paid only when no permission was checked
    /// first (and then once, for as long as the cache keeps it).
    /// </summary>
    public async ValueTask<AuditActor> SettleAsync(AuditActor actor, Guid? tenantId, CancellationToken cancellationToken)
    {
        if (actor is not { Kind: AuditActorKind.User, Id: { } userId } || tenantId is not { } tenant || !_grantsKnown)
        {
            return actor;
        }

        var access = await services.GetRequiredService<IPermissionEvaluator>().GetAccessAsync(userId, tenant, cancellationToken).ConfigureAwait(false);
        return access.ThroughTechnicianGrant ? AuditActor.Technician(userId) : actor;
    }

    private AuditRecord? Stamp(AuditEntry entry, SortedList<string, string>? detail, AuditActor actor)
    {
        var now = AuditHash.ToStoredPrecision(time.GetUtcNow());
        if (entry.Outcome == AuditOutcome.Refused)
        {
            var suppressed = CountRefusal(new RefusalKind(entry.TenantId, actor, entry.Action, entry.TargetType, entry.TargetId, entry.Reason), now);
            if (suppressed is null)
            {
                return null;
            }

            if (suppressed > 0)
            {
                (detail ??= new(StringComparer.Ordinal))["suppressed"] = suppressed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
            Detail = detail is null ? ReadOnlyDictionary<string, string>.Empty : detail,
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

    // The reason is part of the kind: a replay refused for another reason than the first refusal (a changed argument
    // after a missing approval, say) is another attempt, worth its own record.
    private sealed record RefusalKind(Guid? TenantId, AuditActor Actor, string Action, string? TargetType, string? TargetId, string? Reason);

    private sealed class RefusalCount
    {
        public DateTimeOffset WindowStart { get; init; }

        public long Suppressed { get; set; }
    }
}
