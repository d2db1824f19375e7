namespace MspHub;

/// <summary>One page of <see cref="IAuditLog.QuerySubtreeAsync(AuditSubtreeQuery, AuditReader, CancellationToken)"/>, newest record first.</summary>
/// <param name="Items">The records of the root and its descendants, newest first (ties by tenant, then sequence number, descending).</param>
/// <param name="Next">What to pass as <see cref="AuditSubtreeQuery.After"/> for the next page; <see langword="null"/> on the last page.</param>
public sealed record AuditSubtreePage(IReadOnlyList<AuditRecord> Items, AuditSubtreeCursor? Next);
