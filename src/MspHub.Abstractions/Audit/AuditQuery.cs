namespace MspHub;

/// <summary>
/// Which records of one chain to read, newest first, a page at a time. Pages are cut by sequence number rather than
/// by offset, so records appended while a reader pages never shift what the next page holds.
/// </summary>
public sealed class AuditQuery
{
    /// <summary>The most records one page holds.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The chain read: a tenant's, or <see langword="null"/> for the MSP-level chain (MSP admins only).</summary>
    public Guid? TenantId { get; init; }

    /// <summary>Only records by this user or API key.</summary>
    public Guid? ActorId { get; init; }

    /// <summary>Only records of this action.</summary>
    public string? Action { get; init; }

    /// <summary>Only records about this kind of target.</summary>
    public string? TargetType { get; init; }

    /// <summary>Only records about this target (with <see cref="TargetType"/>).</summary>
    public string? TargetId { get; init; }

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only records before this sequence number: <see cref="AuditPage.NextBeforeSequence"/> of the previous page.</summary>
    public long? BeforeSequence { get; init; }

    /// <summary>How many records a page holds, 1 to <see cref="MaxPageSize"/>; 50 unless set.</summary>
    public int PageSize { get; init; } = 50;
}
