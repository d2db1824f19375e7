namespace MspHub;

/// <summary>
/// <see cref="IApprovalStore"/> in process memory, for tests and single-node hosts: every change runs under one lock,
/// so it is as atomic as the database's conditional update.
/// </summary>
public sealed class InMemoryApprovalStore : IApprovalStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, ApprovalRequest> _requests = [];

    /// <inheritdoc />
    public Task AddAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_lock)
        {
            if (!_requests.TryAdd(request.Id, request))
            {
                throw new ConflictException("approval request", "id", request.Id.ToString());
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ApprovalRequest?> FindAsync(Guid tenantId, Guid requestId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_requests.TryGetValue(requestId, out var request) && request.TenantId == tenantId ? request : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApprovalRequest>> ListAsync(Guid tenantId, ApprovalState? state, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<ApprovalRequest> found = [.. _requests.Values
                .Where(r => r.TenantId == tenantId && (state is null || r.State == state))
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit)];
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryDecideAsync(
        Guid tenantId, Guid requestId, bool approve, Guid approverId, DateTimeOffset at, DateTimeOffset executableUntil, CancellationToken cancellationToken = default) =>
        Task.FromResult(Change(tenantId, requestId,
            r => r.IsOpenAt(at) && !(r.RequesterKind == GateCallerKind.Person && r.RequesterId == approverId),
            r => r with
            {
                State = approve ? ApprovalState.Approved : ApprovalState.Denied,
                DecidedBy = approverId,
                DecidedAt = at,
                ExecutableUntil = approve ? executableUntil : null,
            }));

    /// <inheritdoc />
    public Task<bool> TryCancelAsync(Guid tenantId, Guid requestId, GateCallerKind requesterKind, Guid? requesterId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Task.FromResult(Change(tenantId, requestId,
            r => r.State is ApprovalState.Pending or ApprovalState.Approved && r.RequesterKind == requesterKind && r.RequesterId == requesterId,
            r => r with { State = ApprovalState.Cancelled, DecidedAt = at }));

    /// <inheritdoc />
    public Task<bool> TryExecuteAsync(
        Guid tenantId, Guid requestId, string operation, string argumentsHash, GateCallerKind requesterKind, Guid? requesterId, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(Change(tenantId, requestId,
            r => r.IsExecutableAt(at) && r.Operation == operation && r.ArgumentsHash == argumentsHash && r.RequesterKind == requesterKind && r.RequesterId == requesterId,
            r => r with { State = ApprovalState.Executed, ExecutedAt = at }));

    private bool Change(Guid tenantId, Guid requestId, Func<ApprovalRequest, bool> when, Func<ApprovalRequest, ApprovalRequest> change)
    {
        lock (_lock)
        {
            if (!_requests.TryGetValue(requestId, out var request) || request.TenantId != tenantId || !when(request))
            {
                return false;
            }

            _requests[requestId] = change(request);
            return true;
        }
    }
}
