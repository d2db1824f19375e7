namespace MspHub;

/// <summary>
/// Where approval requests are kept. Every read and change names the tenant, and a request of another tenant is as
/// good as absent, so an id from one tenant decides nothing in another. Each state change is one conditional write on
/// the state it leaves, so of concurrent approvers, or concurrent executions, exactly one wins.
/// </summary>
public interface IApprovalStore
{
    /// <summary>Adds a new pending request.</summary>
    /// <exception cref="ConflictException">A request with its id exists.</exception>
    Task AddAsync(ApprovalRequest request, CancellationToken cancellationToken = default);

    /// <summary>The request <paramref name="requestId"/> of <paramref name="tenantId"/>; <see langword="null"/> when absent or another tenant's.</summary>
    ValueTask<ApprovalRequest?> FindAsync(Guid tenantId, Guid requestId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's requests, newest first, in one state or all, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ApprovalRequest>> ListAsync(Guid tenantId, ApprovalState? state, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves or denies a request that is pending and unexpired at <paramref name="at"/> and was not asked by
    /// <paramref name="approverId"/> as a person; an approval becomes executable until <paramref name="executableUntil"/>.
    /// </summary>
    /// <returns>Whether this call decided it.</returns>
    Task<bool> TryDecideAsync(
        Guid tenantId, Guid requestId, bool approve, Guid approverId, DateTimeOffset at, DateTimeOffset executableUntil, CancellationToken cancellationToken = default);

    /// <summary>Cancels a pending or approved request asked by the principal <paramref name="requesterKind"/>/<paramref name="requesterId"/>.</summary>
    /// <returns>Whether this call cancelled it.</returns>
    Task<bool> TryCancelAsync(Guid tenantId, Guid requestId, GateCallerKind requesterKind, Guid? requesterId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks executed a request that is approved, executable at <paramref name="at"/>, for <paramref name="operation"/>
    /// with <paramref name="argumentsHash"/>, and asked by that principal.
    /// </summary>
    /// <returns>Whether this call executes it; of concurrent calls, one.</returns>
    Task<bool> TryExecuteAsync(
        Guid tenantId, Guid requestId, string operation, string argumentsHash, GateCallerKind requesterKind, Guid? requesterId, DateTimeOffset at,
        CancellationToken cancellationToken = default);
}
