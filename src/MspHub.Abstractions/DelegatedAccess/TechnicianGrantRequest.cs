namespace MspHub;

/// <summary>
/// A technician grant waiting for a client tenant's consent: what the MSP asked for (new access, more permissions
/// or a later expiry) in a tenant that requires consent (<see cref="TechnicianConsent.SettingKey"/>). It gives
/// nothing until one of the tenant's administrators approves it; then it replaces the technician's grant there.
/// At most one is pending per technician and tenant: a newer one withdraws the older.
/// </summary>
public sealed record TechnicianGrantRequest
{
    /// <summary>The request's id, what the tenant's administrator approves or declines.</summary>
    public required Guid Id
    {
        get;
        init => field = Guard.Id(value, "A request id");
    }

    /// <summary>The tenant whose consent is asked; the request is that tenant's and goes with it.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The technician who would hold the grant.</summary>
    public required Guid UserId
    {
        get;
        init => field = Guard.Id(value, "A user id");
    }

    /// <summary>The permissions asked for, as <c>resource.action</c>: the whole grant as it would be, not a difference.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>Whether the grant would cover the tenant's descendants too (<see cref="TechnicianGrant.IncludesDescendants"/>); asked of the branch root's administrators.</summary>
    public bool IncludesDescendants { get; init; }

    /// <summary>When the grant would end, in UTC to the whole millisecond; <see langword="null"/> for a grant until revoked.</summary>
    public DateTimeOffset? ExpiresAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>Who at the MSP asked, when known (the audit actor's user); an approver can never be the requester.</summary>
    public Guid? RequestedBy { get; init; }

    /// <summary>When it was asked, in UTC to the whole millisecond.</summary>
    public required DateTimeOffset RequestedAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>Whether it is pending, approved, declined or withdrawn.</summary>
    public TechnicianGrantRequestState State
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown request state.");
    }

    /// <summary>The tenant administrator who approved or declined it; <see langword="null"/> while pending or when withdrawn.</summary>
    public Guid? AnsweredBy { get; init; }

    /// <summary>When it left <see cref="TechnicianGrantRequestState.Pending"/>, in UTC to the whole millisecond.</summary>
    public DateTimeOffset? ClosedAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>The grant approving it at <paramref name="at"/> gives.</summary>
    public TechnicianGrant ToGrant(DateTimeOffset at) =>
        new() { UserId = UserId, TenantId = TenantId, Permissions = Permissions, IncludesDescendants = IncludesDescendants, GrantedAt = at, ExpiresAt = ExpiresAt };
}
