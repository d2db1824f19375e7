namespace MspHub;

/// <summary>One page of <see cref="IAuditLog.QueryAsync(AuditQuery, AuditReader, CancellationToken)"/>, newest record first.</summary>
/// <param name="Items">The records, by descending sequence number.</param>
/// <param name="NextBeforeSequence">What to pass as <see cref="AuditQuery.BeforeSequence"/> for the next page; <see langword="null"/> on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? NextBeforeSequence);
