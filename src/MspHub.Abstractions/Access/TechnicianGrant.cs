namespace MspHub;

/// <summary>
/// What one technician may do in one tenant. A technician acts only in tenants where they hold a grant,
/// and a grant never includes sensitive permissions. A grant with an <see cref="ExpiresAt"/> ends by itself
/// then: it is checked whenever permissions are read, so no job has to remove it.
/// </summary>
public sealed record TechnicianGrant
{
    /// <summary>The technician.</summary>
    public required Guid UserId
    {
        get;
        init => field = Guard.Id(value, "A user id");
    }

    /// <summary>The tenant assigned to them.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The permissions granted there, as <c>resource.action</c>.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>
    /// Whether the grant also covers every tenant under <see cref="TenantId"/> (a subtree grant), including sub-tenants
    /// created or moved under it later and never the parent or a sibling branch: one grant for a client and its sites
    /// instead of one per site, so a site added tomorrow is looked after without another assignment. Which tenants it
    /// covers is read from the tree when permissions are computed, so a move changes it on the next check.
    /// </summary>
    public bool IncludesDescendants { get; init; }

    /// <summary>When the grant in this form took effect, in UTC to the whole millisecond, so the tenant sees since when the MSP holds it; <see langword="null"/> for grants saved before it was kept.</summary>
    public DateTimeOffset? GrantedAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>
    /// When the grant ends by itself, in UTC to the whole millisecond; <see langword="null"/> for a grant that lasts
    /// until revoked. Time-boxed access is what keeps a forgotten assignment from becoming standing access.
    /// </summary>
    public DateTimeOffset? ExpiresAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }

    /// <summary>Whether the grant gives anything at <paramref name="now"/>: it has no expiry, or has not reached it.</summary>
    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is not { } expiry || expiry > now;
}
