namespace MspHub;

/// <summary>
/// A user's place in one tenant: the tenant roles they hold there. A user may be a member of many tenants.
/// </summary>
/// <remarks>
/// A shadow membership is given to each active member of the admin tenancy in every tenant created after
/// they joined it: it lets MSP staff switch into the tenant, but it never appears in the tenant's user list
/// and carries no tenant roles; what they may do there comes from their system role.
/// </remarks>
public sealed record Membership
{
    /// <summary>The member.</summary>
    public required Guid UserId
    {
        get;
        init => field = Guard.Id(value, "A user id");
    }

    /// <summary>The tenant.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The names of the tenant roles the member holds in this tenant.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>
    /// Whether the roles also hold in every tenant under <see cref="TenantId"/> (a subtree membership): how a client's
    /// administrator administers the client's sites, including ones created or moved under it later, and never the
    /// parent or a sibling branch. Roles are resolved where the membership is held, so the client's own roles (and
    /// those it inherits) mean the same in every site. A shadow membership never includes descendants.
    /// </summary>
    public bool IncludesDescendants { get; init; }

    /// <summary>Whether this is a shadow membership (see remarks).</summary>
    public bool IsShadow { get; init; }

    /// <summary>Whether this is the tenant the user lands in after signing in; at most one per user.</summary>
    public bool IsPrimary { get; init; }
}
