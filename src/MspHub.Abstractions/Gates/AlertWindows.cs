using System.Collections.Concurrent;

namespace MspHub;

/// <summary>
/// When each alert (tenant, kind, subject) was last raised on this node, so <see cref="HubAlerts"/> raises it at most
/// once per <see cref="IHubAlerts.RepeatInterval"/>. A singleton: the quiet period holds across requests and scopes.
/// </summary>
internal sealed class AlertWindows
{
    private readonly ConcurrentDictionary<(Guid TenantId, GateNotificationKind Kind, string Subject), DateTimeOffset> _raised = new();

    /// <summary>Claims the alert for <paramref name="now"/>; false when it was raised less than <paramref name="interval"/> ago. Of concurrent claims one wins.</summary>
    public bool TryOpen((Guid TenantId, GateNotificationKind Kind, string Subject) alert, DateTimeOffset now, TimeSpan interval)
    {
        while (true)
        {
            if (!_raised.TryGetValue(alert, out var last))
            {
                if (_raised.TryAdd(alert, now))
                {
                    return true;
                }
            }
            else if (now - last < interval)
            {
                return false;
            }
            else if (_raised.TryUpdate(alert, now, last))
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a claim whose delivery failed, so the alert is raised again next time.</summary>
    public void Reopen((Guid TenantId, GateNotificationKind Kind, string Subject) alert, DateTimeOffset claimedAt) =>
        _raised.TryRemove(KeyValuePair.Create(alert, claimedAt));
}
