namespace MspHub.EntityFramework;

/// <summary>A <see cref="GateNotification"/> as stored: the actor in two columns, since a notification names it by kind and id only.</summary>
internal sealed class GateNotificationRow
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public GateNotificationKind Kind { get; set; }

    public string Subject { get; set; } = "";

    public Guid? RequestId { get; set; }

    public AuditActorKind? ActorKind { get; set; }

    public Guid? ActorId { get; set; }

    public string Message { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public static GateNotificationRow From(GateNotification notification) => new()
    {
        Id = notification.Id,
        TenantId = notification.TenantId,
        Kind = notification.Kind,
        Subject = notification.Subject,
        RequestId = notification.RequestId,
        ActorKind = notification.Actor?.Kind,
        ActorId = notification.Actor?.Id,
        Message = notification.Message,
        CreatedAt = notification.CreatedAt,
    };

    public GateNotification ToNotification() => new()
    {
        Id = Id,
        TenantId = TenantId,
        Kind = Kind,
        Subject = Subject,
        RequestId = RequestId,
        Actor = ActorKind is { } kind ? new AuditActor(kind, ActorId) : null,
        Message = Message,
        CreatedAt = CreatedAt,
    };
}
