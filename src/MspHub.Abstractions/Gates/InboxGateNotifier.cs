namespace MspHub;

/// <summary>The built-in <see cref="IGateNotifier"/>: keeps every notification in its tenant's <see cref="IGateInbox"/>.</summary>
internal sealed class InboxGateNotifier(IGateInbox inbox) : IGateNotifier
{
    public Task NotifyAsync(GateNotification notification, CancellationToken cancellationToken = default) => inbox.AddAsync(notification, cancellationToken);
}
