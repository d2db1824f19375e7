namespace MspHub;

/// <summary><see cref="IGateInbox"/> in process memory, for tests and single-node hosts.</summary>
public sealed class InMemoryGateInbox : IGateInbox
{
    private readonly Lock _lock = new();
    private readonly List<GateNotification> _notifications = [];

    /// <inheritdoc />
    public Task AddAsync(GateNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_lock)
        {
            _notifications.Add(notification);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<GateNotification>> ListAsync(Guid tenantId, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_lock)
        {
            IReadOnlyList<GateNotification> found = [.. _notifications.Where(n => n.TenantId == tenantId)
                .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Math.Min(limit, IGateInbox.MaxPageSize))];
            return Task.FromResult(found);
        }
    }
}
