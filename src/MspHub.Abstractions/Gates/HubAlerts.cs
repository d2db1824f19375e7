using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub;

/// <summary>The default <see cref="IHubAlerts"/>: quiet periods from the node's <see cref="AlertWindows"/>, delivery through every <see cref="IGateNotifier"/>.</summary>
internal sealed partial class HubAlerts(
    IEnumerable<IGateNotifier> notifiers,
    AlertWindows windows,
    ITenantStore tenants,
    TimeProvider time,
    ILogger<HubAlerts>? logger = null) : IHubAlerts
{
    private readonly IGateNotifier[] _notifiers = [.. notifiers];
    private readonly ILogger _logger = logger ?? NullLogger<HubAlerts>.Instance;

    public async Task<bool> RaiseAsync(Guid tenantId, GateNotificationKind kind, string subject, string message, CancellationToken cancellationToken = default)
    {
        if (_notifiers.Length == 0)
        {
            return false;
        }

        var now = Guard.UtcMilliseconds(time.GetUtcNow());
        return windows.TryOpen((tenantId, kind, subject), now, IHubAlerts.RepeatInterval)
            && await DeliverAsync(tenantId, (tenantId, kind, subject), now, message, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RaiseToMspAsync(GateNotificationKind kind, string subject, string message, CancellationToken cancellationToken = default)
    {
        // Claimed under the install's own key before the admin tenancy is looked up, so a flood costs no reads.
        var now = Guard.UtcMilliseconds(time.GetUtcNow());
        var alert = (Guid.Empty, kind, subject);
        if (_notifiers.Length == 0 || !windows.TryOpen(alert, now, IHubAlerts.RepeatInterval))
        {
            return false;
        }

        if (await tenants.FindAdminTenancyIdAsync(cancellationToken).ConfigureAwait(false) is not { } adminTenancyId)
        {
            LogNoAdminTenancy(_logger, kind, subject);
            windows.Reopen(alert, now);
            return false;
        }

        return await DeliverAsync(adminTenancyId, alert, now, message, cancellationToken).ConfigureAwait(false);
    }

    // An alert accompanies a refusal or a health report; its failure is logged and never replaces what it reports.
    private async Task<bool> DeliverAsync(
        Guid tenantId, (Guid, GateNotificationKind Kind, string Subject) alert, DateTimeOffset now, string message, CancellationToken cancellationToken)
    {
        try
        {
            var notification = new GateNotification
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Kind = alert.Kind,
                Subject = alert.Subject,
                Actor = AuditActor.System,
                Message = Guard.Shorten(message, GateNotification.MaxMessageLength),
                CreatedAt = now,
            };
            foreach (var notifier in _notifiers)
            {
                await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogFailed(_logger, error, alert.Kind, alert.Subject, tenantId);
            windows.Reopen(alert, now);
            return false;
        }
    }

    [LoggerMessage(EventId = 160, Level = LogLevel.Warning, Message = "Alert {Kind} about '{Subject}' was not raised: the install has no admin tenancy to receive it.")]
    private static partial void LogNoAdminTenancy(ILogger logger, GateNotificationKind kind, string subject);

    [LoggerMessage(EventId = 161, Level = LogLevel.Error, Message = "Alert {Kind} about '{Subject}' could not be delivered to tenant {TenantId}; it will be raised again.")]
    private static partial void LogFailed(ILogger logger, Exception error, GateNotificationKind kind, string subject, Guid tenantId);
}
