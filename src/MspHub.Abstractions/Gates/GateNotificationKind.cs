namespace MspHub;

/// <summary>What a <see cref="GateNotification"/> tells a tenant's administrators.</summary>
public enum GateNotificationKind
{
    /// <summary>An L1 operation ran.</summary>
    OperationRan,

    /// <summary>An L2 request waits for an approver.</summary>
    ApprovalWaiting,

    /// <summary>An L2 request was approved or denied; its requester may act on it.</summary>
    ApprovalDecided,
}
