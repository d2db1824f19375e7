namespace MspHub;

/// <summary>
/// Which records of a tenant and every tenant under it to read, newest first, a page at a time
/// (<see cref="IAuditLog.QuerySubtreeAsync(AuditSubtreeQuery, AuditReader, CancellationToken)"/>): the roll-up reader's
/// view of the log, with the filters of <see cref="AuditQuery"/>. Pages are cut by a position
/// (<see cref="AuditSubtreeCursor"/>), not by offset, so records appended while a reader pages never shift what the
/// next page holds, whichever chain they land in.
/// </summary>
public sealed class AuditSubtreeQuery
{
    /// <summary>The tenant the subtree hangs from; the reader's access is checked here, as for a subtree scope.</summary>
    public Guid RootId { get; init; }

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

    /// <summary>Only records after this position in the order read: <see cref="AuditSubtreePage.Next"/> of the previous page.</summary>
    public AuditSubtreeCursor? After { get; init; }

    /// <summary>How many records a page holds, 1 to <see cref="AuditQuery.MaxPageSize"/>; 50 unless set.</summary>
    public int PageSize { get; init; } = 50;

    /// <summary>The same filters over one chain of the subtree, for the store, whose pages the log merges.</summary>
    internal AuditQuery ForChain(Guid tenantId) => new()
    {
        TenantId = tenantId,
        ActorId = ActorId,
        Action = Action,
        TargetType = TargetType,
        TargetId = TargetId,
        From = From,
        To = To,
        PageSize = PageSize,
    };
}
