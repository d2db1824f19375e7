namespace MspHub;

/// <summary>Where an <see cref="ApprovalRequest"/> stands. Lapsing is not a state: a request is open while pending and unexpired, executable while approved and inside its window.</summary>
public enum ApprovalState
{
    /// <summary>Waiting for an approver (until <see cref="ApprovalRequest.ExpiresAt"/>).</summary>
    Pending,

    /// <summary>Approved; the requester may execute it once until <see cref="ApprovalRequest.ExecutableUntil"/>.</summary>
    Approved,

    /// <summary>Refused by an approver; it can never run.</summary>
    Denied,

    /// <summary>Withdrawn by its requester before it ran.</summary>
    Cancelled,

    /// <summary>Executed; it can never run again.</summary>
    Executed,
}
