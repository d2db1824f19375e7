namespace MspHub;

/// <summary>
/// The gate's answer to one call: proceed, pending an approval (with the request made), or refused (with why).
/// Proceeding answers are shared instances, so an L0 check allocates nothing.
/// </summary>
public sealed class GateDecision
{
    private static readonly GateDecision[] Proceeding = [.. Enum.GetValues<GateLevel>().Select(l => new GateDecision(GateOutcome.Proceed, l, null, null, null))];

    private GateDecision(GateOutcome outcome, GateLevel level, ApprovalRequest? request, GateRefusal? refusal, string? message)
    {
        Outcome = outcome;
        Level = level;
        Request = request;
        Refusal = refusal;
        Message = message;
    }

    /// <summary>Whether to run, wait or give up.</summary>
    public GateOutcome Outcome { get; }

    /// <summary>The operation's level in the tenant.</summary>
    public GateLevel Level { get; }

    /// <summary>The request made (<see cref="GateOutcome.Pending"/>); <see langword="null"/> otherwise.</summary>
    public ApprovalRequest? Request { get; }

    /// <summary>Why it was refused (<see cref="GateOutcome.Refused"/>); <see langword="null"/> otherwise.</summary>
    public GateRefusal? Refusal { get; }

    /// <summary>A sentence for the caller saying what happened and what to do next; <see langword="null"/> when proceeding.</summary>
    public string? Message { get; }

    /// <summary>Whether the operation may run now.</summary>
    public bool Proceeds => Outcome == GateOutcome.Proceed;

    internal static GateDecision Proceed(GateLevel level) => Proceeding[(int)level];

    internal static GateDecision Pending(ApprovalRequest request) => new(
        GateOutcome.Pending, GateLevel.L2Approval, request, null,
        $"'{request.Operation}' needs another person's approval. Request {request.Id} waits for an approver until {request.ExpiresAt:O}; once approved, repeat the call with it.");

    internal static GateDecision Refused(GateLevel level, GateRefusal refusal, string message) => new(GateOutcome.Refused, level, null, refusal, message);
}
