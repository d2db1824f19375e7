using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MspHub;

/// <summary>
/// A record's position in a subtree search, which reads newest first and breaks ties in time by tenant, then by
/// sequence number (both descending). Time alone cannot cut pages: records of several chains, or of one, can share a
/// microsecond; with the chain and the sequence number every record has exactly one position, so no record is skipped
/// or read twice across pages.
/// </summary>
/// <param name="OccurredAt">The record's time, as stored.</param>
/// <param name="TenantId">The chain holding it.</param>
/// <param name="Sequence">Its place in that chain.</param>
public sealed record AuditSubtreeCursor(DateTimeOffset OccurredAt, Guid TenantId, long Sequence)
{
    /// <summary>Orders records as a subtree search reads them: newest first, then by tenant and sequence number, descending.</summary>
    internal static IComparer<AuditRecord> NewestFirst { get; } = Comparer<AuditRecord>.Create((x, y) =>
        y.OccurredAt != x.OccurredAt ? y.OccurredAt.CompareTo(x.OccurredAt)
        : y.TenantId != x.TenantId ? Nullable.Compare(y.TenantId, x.TenantId)
        : y.Sequence.CompareTo(x.Sequence));

    /// <summary>
    /// The position as text, for a link or a query string (<c>?after=</c>): the time in ticks, the tenant id and the
    /// sequence number. It names nothing the page did not already show.
    /// </summary>
    public string Token => string.Create(CultureInfo.InvariantCulture, $"{OccurredAt.UtcTicks}.{TenantId:N}.{Sequence}");

    /// <summary>Reads a <see cref="Token"/>; <see langword="false"/> for text that is not one.</summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out AuditSubtreeCursor? cursor)
    {
        cursor = null;
        var parts = token?.Split('.');
        if (parts is not [var ticks, var tenant, var sequence]
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var utcTicks)
            || utcTicks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(tenant, "N", out var tenantId)
            || !long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number < 1)
        {
            return false;
        }

        cursor = new AuditSubtreeCursor(new DateTimeOffset(utcTicks, TimeSpan.Zero), tenantId, number);
        return true;
    }

    internal static AuditSubtreeCursor Of(AuditRecord record) => new(record.OccurredAt, record.TenantId ?? Guid.Empty, record.Sequence);

    /// <summary>
    /// Where the next page starts in one chain, in that chain's own order (time, then sequence number, descending):
    /// in this cursor's chain, after the cursor's record; in a chain ordered after it, at its time; in one ordered
    /// before it, before its time.
    /// </summary>
    internal (DateTimeOffset OccurredAt, long Sequence) BoundIn(Guid tenantId) =>
        (OccurredAt, tenantId == TenantId ? Sequence : tenantId.CompareTo(TenantId) < 0 ? long.MaxValue : long.MinValue);
}
