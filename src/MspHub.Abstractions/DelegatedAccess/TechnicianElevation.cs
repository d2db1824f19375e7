namespace MspHub;

/// <summary>
/// Extra permissions a technician holds in one tenant for a bounded window on top of their grant (just-in-time
/// elevation): standing access stays narrow, and the wider access a task needs exists only while the task does. It
/// gives something only from <see cref="ActivatedAt"/> until <see cref="ExpiresAt"/>, and only while the grant it sits
/// on is in force; it ends by itself at its expiry, checked whenever permissions are read, so no job removes it. A
/// technician holds at most one per tenant: a newer one replaces it.
/// </summary>
public sealed record TechnicianElevation
{
    /// <summary>The longest reason: a sentence an approver reads and the audit chain keeps, not a document.</summary>
    public const int MaxReasonLength = 200;

    /// <summary>The technician.</summary>
    public required Guid UserId
    {
        get;
        init => field = Guard.Id(value, "A user id");
    }

    /// <summary>The tenant where the permissions apply; the elevation is that tenant's and goes with it.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The extra permissions, as <c>resource.action</c>: never sensitive or MSP-level ones, like a grant's.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>Why the technician needs them, as they wrote it when asking; the tenant sees it next to the permissions.</summary>
    public required string Reason
    {
        get;
        init => field = Guard.Text(value, "A reason", MaxReasonLength);
    }

    /// <summary>When it took effect (was approved and activated, or ran at once), in UTC to the whole millisecond.</summary>
    public required DateTimeOffset ActivatedAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>
    /// When it ends by itself, in UTC to the whole millisecond: the activation plus the duration asked for, or the
    /// grant's own expiry when that comes first, so an elevation never outlives the grant it sits on.
    /// </summary>
    public required DateTimeOffset ExpiresAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>The approval request (<see cref="ApprovalRequest"/>) it was activated with at L2; <see langword="null"/> when its level let it run at once.</summary>
    public Guid? ApprovalId { get; init; }

    /// <summary>Whether it gives its permissions at <paramref name="now"/>: activated and not yet expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) => ActivatedAt <= now && now < ExpiresAt;
}
