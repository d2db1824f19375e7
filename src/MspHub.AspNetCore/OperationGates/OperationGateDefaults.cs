namespace MspHub.AspNetCore;

/// <summary>The names MspHub's operation gates use over HTTP.</summary>
public static class OperationGateDefaults
{
    /// <summary>
    /// The request header that names the approved request a call executes: repeat the call that answered 202 with
    /// <c>MspHub-Approval: &lt;request id&gt;</c> once it is approved.
    /// </summary>
    public const string ApprovalHeader = "MspHub-Approval";

    /// <summary>
    /// The claim holding when a person last signed in interactively, in seconds since the Unix epoch (OpenID Connect's
    /// <c>auth_time</c>); L3 operations need it recent.
    /// </summary>
    public const string AuthTimeClaim = "auth_time";

    /// <summary>The name of the endpoint that shows one approval request, which the 202 answer's <c>Location</c> points to.</summary>
    public const string ApprovalEndpointName = "MspHub.Approval";
}
