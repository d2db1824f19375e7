namespace MspHub;

/// <summary>
/// Delivers gate notifications: L1 operations that ran, approvals waiting and decided, and the alerts
/// <see cref="IHubAlerts"/> raises (quota and tenant limits reached, a licence about to expire).
/// Every registered notifier receives each one; MspHub's own writes to the tenant's <see cref="IGateInbox"/>, and a
/// host adds its own (mail, chat, a pager) with <c>hub.Services.AddScoped&lt;IGateNotifier, MyNotifier&gt;()</c>.
/// </summary>
public interface IGateNotifier
{
    /// <summary>
    /// Delivers <paramref name="notification"/>; a failure fails the gated call, so a notice is never lost silently. An
    /// alert's failure is logged instead, since the refusal it reports must still reach its caller.
    /// </summary>
    Task NotifyAsync(GateNotification notification, CancellationToken cancellationToken = default);
}
