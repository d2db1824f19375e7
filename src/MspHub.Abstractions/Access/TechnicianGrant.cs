namespace MspHub;

/// <summary>
/// What one technician may do in one tenant. A technician acts only in tenants where they hold a grant,
/// and a grant never includes sensitive permissions.
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
}
