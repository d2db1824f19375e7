namespace MspHub.SampleHub.Pages.Approvals;

/// <summary>User names for the ids that requests, reveals and decisions carry, each looked up once per page.</summary>
public sealed class PersonNames(IHubUserStore users)
{
    private readonly Dictionary<Guid, string> _names = [];

    public async ValueTask<string> OfAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (!_names.TryGetValue(userId, out var name))
        {
            name = (await users.FindUserAsync(userId, cancellationToken))?.UserName ?? "a removed user";
            _names[userId] = name;
        }

        return name;
    }

    /// <summary>Who an audit actor is, as a person reads it: a name, with "technician" when they acted through a grant.</summary>
    public async ValueTask<string> OfAsync(AuditActor actor, CancellationToken cancellationToken) => actor switch
    {
        { Kind: AuditActorKind.Technician, Id: { } id } => $"{await OfAsync(id, cancellationToken)} (technician)",
        { Kind: AuditActorKind.User, Id: { } id } => await OfAsync(id, cancellationToken),
        { Kind: AuditActorKind.ApiKey } => "an API key",
        _ => "the system",
    };
}
