namespace MspHub;

/// <summary>
/// A tenant's offer of a membership to a user, which only that user can accept. It is how a tenant's own
/// administrators add someone who may already belong to another tenant: nobody is pulled into a tenant
/// without agreeing, and inviting an id says nothing about whether it exists (an invitation to an unknown id,
/// to MSP staff or to a shadow-only holder is stored like any other and can simply never be accepted).
/// </summary>
public sealed record TenantInvitation
{
    /// <summary>The invitation's id, what the invited user accepts or declines.</summary>
    public required Guid Id
    {
        get;
        init => field = Guard.Id(value, "An invitation id");
    }

    /// <summary>The tenant the user is invited into; the invitation is that tenant's and goes with it.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The only user who may accept or decline it.</summary>
    public required Guid InvitedUserId
    {
        get;
        init => field = Guard.Id(value, "A user id");
    }

    /// <summary>The tenant roles offered, by name; on acceptance the user gets those the tenant still has.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Who invited the user, when the caller said so; for the tenant's own records.</summary>
    public Guid? InvitedBy { get; init; }

    /// <summary>When the invitation was made, in UTC to the whole millisecond.</summary>
    public required DateTimeOffset CreatedAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>When it can no longer be accepted, in UTC to the whole millisecond (<see cref="MspHubOptions.InvitationLifetime"/> after <see cref="CreatedAt"/>).</summary>
    public required DateTimeOffset ExpiresAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>Whether it is pending, accepted, declined or revoked.</summary>
    public TenantInvitationState State
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown invitation state.");
    }

    /// <summary>When it left <see cref="TenantInvitationState.Pending"/>, in UTC to the whole millisecond; <see langword="null"/> while pending.</summary>
    public DateTimeOffset? ClosedAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>Whether the invitation can still be answered at <paramref name="now"/>: pending and not expired.</summary>
    public bool IsOpenAt(DateTimeOffset now) => State == TenantInvitationState.Pending && ExpiresAt > now;
}
