namespace MspHub;

/// <summary>
/// Thrown when the gate refuses a call, an approval, a denial or a cancellation (<see cref="Refusal"/> says why).
/// Nothing ran and nothing changed; the refusal is in the tenant's audit chain.
/// </summary>
public sealed class OperationGateException : MspHubException
{
    /// <summary>Creates the exception.</summary>
    public OperationGateException(string? operation, GateRefusal refusal, string message, Guid? requestId = null)
        : base(message)
    {
        Operation = operation;
        Refusal = refusal;
        RequestId = requestId;
    }

    /// <summary>
    /// The operation refused (or whose request was); <see langword="null"/> when the request named was not found in the
    /// tenant, so the refusal says nothing about a request of another tenant.
    /// </summary>
    public string? Operation { get; }

    /// <summary>Why.</summary>
    public GateRefusal Refusal { get; }

    /// <summary>The approval request concerned, if any.</summary>
    public Guid? RequestId { get; }
}
