namespace MspHub;

/// <summary>
/// Raises the alerts a hub's administrators must see before users complain: a quota that refused a creation, the
/// licence's tenant limit reached, a licence about to expire. They travel as <see cref="GateNotification"/>s through
/// every registered <see cref="IGateNotifier"/> (the tenant's inbox once operation gates are added), so hosts read
/// and forward them in one place. Without a notifier nothing is raised and nothing fails.
/// </summary>
/// <remarks>
/// Each alert is raised at most once per tenant, kind and subject within <see cref="RepeatInterval"/> on a node: a
/// flood of refused creations gives one notification, and the next only after the interval, if it still happens.
/// Delivery never replaces the refusal it reports: a notifier that fails is logged, and the alert may be raised again.
/// </remarks>
public interface IHubAlerts
{
    /// <summary>How long after an alert the same one (tenant, kind, subject) stays quiet: a day, so an inbox gets at most one a day of each.</summary>
    static TimeSpan RepeatInterval { get; } = TimeSpan.FromDays(1);

    /// <summary>Raises an alert to <paramref name="tenantId"/>'s administrators unless the same one was raised within <see cref="RepeatInterval"/>.</summary>
    /// <param name="tenantId">The tenant concerned; its inbox receives the alert.</param>
    /// <param name="kind">What the alert tells.</param>
    /// <param name="subject">What it concerns (a quota's name, a licence id); the same subject is not raised twice within the interval.</param>
    /// <param name="message">A sentence for people.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether it was delivered now (false when it was raised recently, when no notifier is registered, or when delivery failed).</returns>
    Task<bool> RaiseAsync(Guid tenantId, GateNotificationKind kind, string subject, string message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Raises an alert that concerns the whole install (the tenant limit, the licence) to the MSP's own administrators,
    /// in the admin tenancy; nothing is raised when the install has none yet.
    /// </summary>
    /// <inheritdoc cref="RaiseAsync" path="/param[@name='kind']|/param[@name='subject']|/param[@name='message']|/param[@name='cancellationToken']|/returns"/>
    Task<bool> RaiseToMspAsync(GateNotificationKind kind, string subject, string message, CancellationToken cancellationToken = default);
}
