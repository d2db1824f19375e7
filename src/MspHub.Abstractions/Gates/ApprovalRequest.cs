namespace MspHub;

/// <summary>
/// A request to run one L2 operation, bound to the exact call: the operation, the tenant, the SHA-256 of the arguments
/// (<see cref="GateArguments"/>) and the requester. Another person who may approve it in that tenant approves or
/// denies it; the requester then executes it once within <see cref="OperationGateOptions.ExecutionWindow"/>. Holds no
/// argument values, only their hash and the summary the host chose to show.
/// </summary>
public sealed record ApprovalRequest
{
    /// <summary>The longest summary shown to approvers.</summary>
    public const int MaxSummaryLength = 256;

    /// <summary>The request's id, what approvers approve and the requester executes with.</summary>
    public required Guid Id
    {
        get;
        init => field = Guard.Id(value, "An approval request id");
    }

    /// <summary>The tenant the operation acts in; only that tenant's approvers see or decide it.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The operation requested.</summary>
    public required string Operation
    {
        get;
        init => field = Guard.Name(value, "An operation name", OperationGateOptions.MaxOperationLength);
    }

    /// <summary>The SHA-256 of the operation, tenant and arguments, as 64 lowercase hex digits; execution must present the same.</summary>
    public required string ArgumentsHash { get; init; }

    /// <summary>What approvers are shown of the call; never a secret.</summary>
    public string? Summary
    {
        get;
        init => field = value is null ? null : Guard.Text(value, "A summary", MaxSummaryLength);
    }

    /// <summary>What kind of principal asked; only the same principal may execute.</summary>
    public required GateCallerKind RequesterKind { get; init; }

    /// <summary>The requester's id (user, key or service); <see langword="null"/> for an unnamed service.</summary>
    public Guid? RequesterId { get; init; }

    /// <summary>When it was asked, in UTC to the whole millisecond.</summary>
    public required DateTimeOffset CreatedAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>When it lapses if nobody decided it, in UTC to the whole millisecond.</summary>
    public required DateTimeOffset ExpiresAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>Where it stands.</summary>
    public ApprovalState State { get; init; }

    /// <summary>The person who approved or denied it.</summary>
    public Guid? DecidedBy { get; init; }

    /// <summary>When it was approved, denied or cancelled.</summary>
    public DateTimeOffset? DecidedAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>Until when an approved request may be executed.</summary>
    public DateTimeOffset? ExecutableUntil
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>When it was executed.</summary>
    public DateTimeOffset? ExecutedAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>Whether an approver can still decide it at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now) => State == ApprovalState.Pending && ExpiresAt > now;

    /// <summary>Whether its requester can still execute it at <paramref name="now"/>.</summary>
    public bool IsExecutableAt(DateTimeOffset now) => State == ApprovalState.Approved && ExecutableUntil > now;

    /// <summary>Whether <paramref name="caller"/> is the principal who asked.</summary>
    public bool IsRequestedBy(GateCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind == RequesterKind && caller.Id == RequesterId;
    }
}
