using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="IApprovalStore"/> over the <c>approval_requests</c> table. Every command reaches only the tenant named
/// (row-level security agrees), and every state change is one <c>UPDATE ... WHERE</c> on the state it leaves, so the
/// database picks the one winner among concurrent approvers or executions.
/// </summary>
internal sealed class EntityFrameworkApprovalStore<TContext>(TContext context) : IApprovalStore
    where TContext : DbContext
{
    private IQueryable<ApprovalRequest> Requests => context.Set<ApprovalRequest>().AsNoTracking();

    public async Task AddAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = StoreScope.For(request.TenantId);
        await StoreWrites.InsertAsync(context, request, async ct =>
            await Requests.AnyAsync(r => r.Id == request.Id, ct).ConfigureAwait(false) ? new ConflictException("approval request", "id", request.Id.ToString()) : null,
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ApprovalRequest?> FindAsync(Guid tenantId, Guid requestId, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await Requests.FirstOrDefaultAsync(r => r.Id == requestId && r.TenantId == tenantId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApprovalRequest>> ListAsync(Guid tenantId, ApprovalState? state, int limit, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        var requests = Requests.Where(r => r.TenantId == tenantId);
        if (state is { } only)
        {
            requests = requests.Where(r => r.State == only);
        }

        return await requests.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryDecideAsync(
        Guid tenantId, Guid requestId, bool approve, Guid approverId, DateTimeOffset at, DateTimeOffset executableUntil, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        var state = approve ? ApprovalState.Approved : ApprovalState.Denied;
        DateTimeOffset? until = approve ? executableUntil : null;
        return await context.Set<ApprovalRequest>()
            .Where(r => r.Id == requestId && r.TenantId == tenantId && r.State == ApprovalState.Pending && r.ExpiresAt > at
                && !(r.RequesterKind == GateCallerKind.Person && r.RequesterId == approverId))
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.State, state).SetProperty(r => r.DecidedBy, approverId).SetProperty(r => r.DecidedAt, at).SetProperty(r => r.ExecutableUntil, until),
                cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> TryCancelAsync(
        Guid tenantId, Guid requestId, GateCallerKind requesterKind, Guid? requesterId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await context.Set<ApprovalRequest>()
            .Where(r => r.Id == requestId && r.TenantId == tenantId && (r.State == ApprovalState.Pending || r.State == ApprovalState.Approved)
                && r.RequesterKind == requesterKind && r.RequesterId == requesterId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, ApprovalState.Cancelled).SetProperty(r => r.DecidedAt, at), cancellationToken)
            .ConfigureAwait(false) == 1;
    }

    public async Task<bool> TryExecuteAsync(
        Guid tenantId, Guid requestId, string operation, string argumentsHash, GateCallerKind requesterKind, Guid? requesterId, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        using var scope = StoreScope.For(tenantId);
        return await context.Set<ApprovalRequest>()
            .Where(r => r.Id == requestId && r.TenantId == tenantId && r.State == ApprovalState.Approved && r.ExecutableUntil > at
                && r.Operation == operation && r.ArgumentsHash == argumentsHash && r.RequesterKind == requesterKind && r.RequesterId == requesterId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, ApprovalState.Executed).SetProperty(r => r.ExecutedAt, at), cancellationToken)
            .ConfigureAwait(false) == 1;
    }
}
