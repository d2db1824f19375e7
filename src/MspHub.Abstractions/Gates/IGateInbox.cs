namespace MspHub;

/// <summary>The in-app inbox of gate notifications: each tenant's, newest first, for its administrators to read.</summary>
public interface IGateInbox
{
    /// <summary>The longest page <see cref="ListAsync"/> returns.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Keeps <paramref name="notification"/> in its tenant's inbox.</summary>
    Task AddAsync(GateNotification notification, CancellationToken cancellationToken = default);

    /// <summary>The tenant's notifications, newest first, at most <paramref name="limit"/> (up to <see cref="MaxPageSize"/>).</summary>
    Task<IReadOnlyList<GateNotification>> ListAsync(Guid tenantId, int limit = 50, CancellationToken cancellationToken = default);
}
