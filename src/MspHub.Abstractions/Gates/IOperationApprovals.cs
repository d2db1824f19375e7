namespace MspHub;

/// <summary>
/// The approver's and requester's side of L2: list a tenant's requests, approve or deny one (another person holding
/// the approve permission for its operation in its tenant), or cancel one's own. Of concurrent decisions on one
/// request exactly one takes effect. Listing does not check who reads: protect the endpoints that use it, as
/// MapApprovals does with <see cref="OperationGateOptions.ReadPermission"/>.
/// </summary>
public interface IOperationApprovals
{
    /// <summary>The longest page <see cref="ListAsync"/> returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The tenant's requests, newest first, in one state or all.</summary>
    Task<IReadOnlyList<ApprovalRequest>> ListAsync(Guid tenantId, ApprovalState? state = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>One request of the tenant; <see langword="null"/> when absent or another tenant's.</summary>
    ValueTask<ApprovalRequest?> FindAsync(Guid tenantId, Guid requestId, CancellationToken cancellationToken = default);

    /// <summary>Approves a pending request; its requester may then execute it once within <see cref="OperationGateOptions.ExecutionWindow"/>.</summary>
    /// <returns>The request, approved.</returns>
    /// <exception cref="OperationGateException">Not a person, the requester, lacking the permission, or the request is absent, lapsed or decided.</exception>
    Task<ApprovalRequest> ApproveAsync(Guid tenantId, Guid requestId, GateCaller approver, CancellationToken cancellationToken = default);

    /// <summary>Denies a pending request; it can never run.</summary>
    /// <returns>The request, denied.</returns>
    /// <exception cref="OperationGateException">As for <see cref="ApproveAsync"/>.</exception>
    Task<ApprovalRequest> DenyAsync(Guid tenantId, Guid requestId, GateCaller approver, CancellationToken cancellationToken = default);

    /// <summary>Withdraws one's own pending or approved request.</summary>
    /// <returns>The request, cancelled.</returns>
    /// <exception cref="OperationGateException">Not the requester, or the request is absent, executed or decided against.</exception>
    Task<ApprovalRequest> CancelAsync(Guid tenantId, Guid requestId, GateCaller requester, CancellationToken cancellationToken = default);
}
