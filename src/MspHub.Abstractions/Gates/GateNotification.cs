namespace MspHub;

/// <summary>
/// Something a tenant's administrators should see: an L1 operation that ran, an approval waiting or decided, or an
/// alert (<see cref="IHubAlerts"/>: a quota or the tenant limit reached, a licence about to expire).
/// Carries names and ids only, never argument values, like the audit records it accompanies.
/// </summary>
public sealed record GateNotification
{
    /// <summary>The longest message.</summary>
    public const int MaxMessageLength = 512;

    /// <summary>The notification's id.</summary>
    public required Guid Id
    {
        get;
        init => field = Guard.Id(value, "A notification id");
    }

    /// <summary>The tenant it concerns; its inbox receives it.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>What it tells.</summary>
    public required GateNotificationKind Kind { get; init; }

    /// <summary>The operation it concerns; for an alert, the quota, <c>tenants</c>, or the licence id.</summary>
    public required string Subject
    {
        get;
        init => field = Guard.Name(value, "A notification subject", OperationGateOptions.MaxOperationLength);
    }

    /// <summary>The approval request it concerns, if any.</summary>
    public Guid? RequestId { get; init; }

    /// <summary>Who acted, when someone did.</summary>
    public AuditActor? Actor { get; init; }

    /// <summary>A sentence for people.</summary>
    public required string Message
    {
        get;
        init => field = Guard.Text(value, "A notification message", MaxMessageLength);
    }

    /// <summary>When it was raised, in UTC to the whole millisecond.</summary>
    public required DateTimeOffset CreatedAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }
}
