namespace MspHub;

/// <summary>
/// Gates sensitive operations by level (<see cref="GateLevel"/>): L0 runs, L1 runs and notifies, L2 runs only once
/// approved by another person, L3 runs only for a person who signed in recently. The same gate serves HTTP endpoints
/// (<c>.RequireGate("tenant.delete")</c>) and plain code (jobs, services). Every step is in the tenant's audit chain.
/// </summary>
public interface IOperationGate
{
    /// <summary>The operation's level in <paramref name="tenantId"/>: the tenant's own level where the MSP set one, else the operation's.</summary>
    /// <exception cref="ArgumentException">The operation is not declared: an undeclared name is a mistake, never let through.</exception>
    GateLevel LevelOf(string operation, Guid tenantId);

    /// <summary>
    /// Decides <paramref name="attempt"/>. L0 answers at once without touching a store or allocating. L1 records and
    /// notifies, then proceeds. L2 without <see cref="GateCall.ApprovalId"/> makes a request and answers
    /// <see cref="GateOutcome.Pending"/>; with one, consumes that approval (once, by its requester, for the same
    /// operation, tenant and arguments, inside its window) or refuses. L3 proceeds only for a person whose
    /// interactive sign-in is recent. Proceeding is the caller's licence to run the operation now.
    /// </summary>
    /// <exception cref="ArgumentException">The operation is not declared.</exception>
    ValueTask<GateDecision> CheckAsync(GateCall attempt, CancellationToken cancellationToken = default);

    /// <summary>Decides <paramref name="attempt"/> like <see cref="CheckAsync"/> and, when it proceeds, runs <paramref name="operation"/>.</summary>
    /// <returns>What the operation returned.</returns>
    /// <exception cref="ApprovalRequiredException">The call is L2 and a request was made; nothing ran.</exception>
    /// <exception cref="OperationGateException">The gate refused; nothing ran.</exception>
    Task<T> RunAsync<T>(GateCall attempt, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default);
}
