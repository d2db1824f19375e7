namespace MspHub;

/// <summary>
/// One call of a gated operation, as the gate judges it: which operation, in which tenant, with which arguments, by
/// whom, and (to execute an approved L2 request) which approval. A value type, so an L0 check allocates nothing.
/// </summary>
/// <param name="Operation">The operation's name, declared in <see cref="OperationGateOptions.Operations"/>.</param>
/// <param name="TenantId">The tenant the operation acts in; the approval and every record belong to it.</param>
/// <param name="Caller">Who calls.</param>
/// <param name="Arguments">
/// The arguments the operation runs with, as text, in a fixed order; an approval is bound to their SHA-256
/// (<see cref="GateArguments.Hash(in GateCall)"/>), so it cannot be reused for other arguments. Never stored or audited.
/// </param>
public readonly record struct GateCall(string Operation, Guid TenantId, GateCaller Caller, ReadOnlyMemory<string?> Arguments)
{
    /// <summary>The approved request this call executes; <see langword="null"/> to ask for one when the operation is L2.</summary>
    public Guid? ApprovalId { get; init; }

    /// <summary>
    /// What an approver is shown of the call (at most <see cref="ApprovalRequest.MaxSummaryLength"/> characters), such as
    /// <c>"Delete tenant contoso"</c>; stored and audited, so never a secret.
    /// </summary>
    public string? Summary { get; init; }
}
