using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary><see cref="IGateInbox"/> over the <c>gate_notifications</c> table; each command reaches only the tenant named.</summary>
internal sealed class EntityFrameworkGateInbox<TContext>(TContext context) : IGateInbox
    where TContext : DbContext
{
    public async Task AddAsync(GateNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        using var scope = StoreScope.For(notification.TenantId);
        await StoreWrites.InsertAsync(context, GateNotificationRow.From(notification), _ => Task.FromResult<ConflictException?>(null), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GateNotification>> ListAsync(Guid tenantId, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using var scope = StoreScope.For(tenantId);
        var rows = await context.Set<GateNotificationRow>().AsNoTracking().Where(n => n.TenantId == tenantId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Math.Min(limit, IGateInbox.MaxPageSize))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToNotification())];
    }
}
