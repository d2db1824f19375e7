namespace MspHub;

/// <summary>
/// Who calls a gated operation: the kind of principal, its id, and for a person when they last signed in
/// interactively. The gate needs no more: the kind decides L3, the id ties an approval to its requester and keeps a
/// requester from approving their own request, and the sign-in time proves a person is at the keyboard.
/// MspHub.AspNetCore builds one from the request's claims (<c>auth_time</c> for the sign-in).
/// </summary>
/// <param name="Kind">What kind of principal it is.</param>
/// <param name="Id">The user's or key's id; <see langword="null"/> for an anonymous caller or an unnamed service.</param>
/// <param name="AuthenticatedAt">When a person last proved who they are interactively; <see langword="null"/> when unknown, which L3 refuses.</param>
public sealed record GateCaller(GateCallerKind Kind, Guid? Id, DateTimeOffset? AuthenticatedAt = null)
{
    /// <summary>A caller who did not authenticate.</summary>
    public static GateCaller Anonymous { get; } = new(GateCallerKind.Anonymous, null);

    /// <summary>A signed-in person, with their last interactive sign-in when known.</summary>
    public static GateCaller Person(Guid userId, DateTimeOffset? authenticatedAt = null) => new(GateCallerKind.Person, userId, authenticatedAt);

    /// <summary>An API key, by its id.</summary>
    public static GateCaller ApiKey(Guid keyId) => new(GateCallerKind.ApiKey, keyId);

    /// <summary>A service or job; give it an id of its own so its requests can be told from another service's.</summary>
    public static GateCaller Service(Guid? serviceId = null) => new(GateCallerKind.Service, serviceId);

    /// <summary>The same principal as an audit actor, so every gate record names its caller the way other records do.</summary>
    public AuditActor ToAuditActor() => Kind switch
    {
        GateCallerKind.Person when Id is { } userId => AuditActor.User(userId),
        GateCallerKind.ApiKey when Id is { } keyId => AuditActor.ApiKey(keyId),
        GateCallerKind.Anonymous => AuditActor.Anonymous,
        _ => AuditActor.System,
    };
}
