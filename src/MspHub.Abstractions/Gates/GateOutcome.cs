namespace MspHub;

/// <summary>What the gate decided about one call.</summary>
public enum GateOutcome
{
    /// <summary>Run the operation now.</summary>
    Proceed,

    /// <summary>Do not run it yet: an approval request was made (<see cref="GateDecision.Request"/>); run it again with the request's id once approved.</summary>
    Pending,

    /// <summary>Do not run it: <see cref="GateDecision.Refusal"/> says why.</summary>
    Refused,
}
