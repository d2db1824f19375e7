namespace MspHub;

/// <summary>
/// How much human involvement an operation needs before it runs (seed 003's L0–L3). The levels are ordered by how
/// directly a person acts, and every level above L0 leaves a notice with the tenant's administrators. L3 is not L2 with
/// more: a person acts alone, with no second person's approval, so an operation that must always be approved keeps a
/// minimum of <see cref="L2Approval"/>, which refuses L3 at start-up.
/// </summary>
public enum GateLevel
{
    /// <summary>L0: runs without anyone being told; the gate only looks the level up.</summary>
    L0Automated = 0,

    /// <summary>L1: runs, and the tenant's administrators are notified (<see cref="IGateNotifier"/>), so nothing sensitive happens unseen.</summary>
    L1Notify = 1,

    /// <summary>L2: runs only after a second person approves that exact call (<see cref="ApprovalRequest"/>), once, within a time window.</summary>
    L2Approval = 2,

    /// <summary>L3: only a person who signed in interactively a short while ago may run it, and the tenant's administrators are notified; never an API key, a service or a job.</summary>
    L3HumanOnly = 3,
}
