namespace MspHub;

/// <summary>
/// Who performed an audited action: a kind and an id, never a name or a credential, so a record stays small and
/// says nothing secret even when the actor is later renamed or deleted.
/// </summary>
/// <param name="Kind">What kind of actor this is.</param>
/// <param name="Id">The user's or API key's id; <see langword="null"/> for <see cref="AuditActorKind.System"/>.</param>
public sealed record AuditActor(AuditActorKind Kind, Guid? Id)
{
    /// <summary>MspHub or the host acting on its own: the actor of work no caller is behind.</summary>
    public static AuditActor System { get; } = new(AuditActorKind.System, null);

    /// <summary>A caller who did not authenticate.</summary>
    public static AuditActor Anonymous { get; } = new(AuditActorKind.Anonymous, null);

    /// <summary>A signed-in user.</summary>
    public static AuditActor User(Guid userId) => new(AuditActorKind.User, userId);

    /// <summary>An MSP technician acting through a grant.</summary>
    public static AuditActor Technician(Guid userId) => new(AuditActorKind.Technician, userId);

    /// <summary>An API key, by its id.</summary>
    public static AuditActor ApiKey(Guid keyId) => new(AuditActorKind.ApiKey, keyId);
}
