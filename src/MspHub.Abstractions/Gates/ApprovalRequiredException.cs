namespace MspHub;

/// <summary>
/// Thrown by <see cref="IOperationGate.RunAsync{T}"/> for an L2 call without an approval: a request was made
/// (<see cref="Request"/>) and the operation did not run. Run it again with the request's id once someone approves it.
/// </summary>
public sealed class ApprovalRequiredException : MspHubException
{
    /// <summary>Creates the exception for the request made.</summary>
    public ApprovalRequiredException(ApprovalRequest request, string message)
        : base(message)
    {
        Request = request;
    }

    /// <summary>The pending request.</summary>
    public ApprovalRequest Request { get; }
}
