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

    /// <summary>A quota refused a creation in the tenant (<see cref="GateNotification.Subject"/> names the quota); raised once per quota and <see cref="IHubAlerts.RepeatInterval"/>.</summary>
    QuotaReached,

    /// <summary>The licence's tenant limit refused a new tenant; raised to the admin tenancy once per <see cref="IHubAlerts.RepeatInterval"/>.</summary>
    TenantLimitReached,

    /// <summary>The licence expires soon (<see cref="GateNotification.Subject"/> is its id); raised to the admin tenancy once per <see cref="IHubAlerts.RepeatInterval"/>.</summary>
    LicenceExpiring,
}
