namespace MspHub;

/// <summary>Why the gate refused a call, an approval, a denial or a cancellation.</summary>
public enum GateRefusal
{
    /// <summary>An L3 operation, or an approval, was attempted by an API key, a service, automation or an anonymous caller: only a person acts.</summary>
    CallerNotAPerson,

    /// <summary>An L3 operation was attempted by a person whose last interactive sign-in is unknown or older than <see cref="OperationGateOptions.HumanOnlyMaxAuthenticationAge"/>.</summary>
    AuthenticationNotRecent,

    /// <summary>No request with that id exists in that tenant (it may be another tenant's).</summary>
    RequestNotFound,

    /// <summary>The approval was given for another operation or other arguments than the call presents.</summary>
    DifferentCall,

    /// <summary>Someone other than the requester tried to execute or cancel it.</summary>
    NotRequester,

    /// <summary>The requester, or the person who created the API key that asked, tried to approve or deny the request.</summary>
    SelfApproval,

    /// <summary>The approver does not hold the approve permission for that operation in that tenant, or no longer holds it when the approval is used (which withdraws the approval).</summary>
    ApproverLacksPermission,

    /// <summary>It was never approved: still pending, denied or cancelled.</summary>
    NotApproved,

    /// <summary>It was already executed; an approval runs once.</summary>
    AlreadyExecuted,

    /// <summary>It lapsed: nobody decided it in time, or it was not executed in time after approval.</summary>
    Expired,

    /// <summary>It was already approved, denied or cancelled.</summary>
    AlreadyDecided,
}
