namespace MspHub;

/// <summary>
/// A role defined by and for one tenant (Admin, Manager, Agent, Customer, Vendor, ...). Roles of different
/// tenants are independent, even when they share a name. A tenant role never holds MSP-level permissions.
/// </summary>
public sealed record TenantRole
{
    /// <summary>The longest role name allowed.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The tenant the role belongs to.</summary>
    public required Guid TenantId
    {
        get;
        init => field = Guard.Id(value, "A tenant id");
    }

    /// <summary>The role's name, unique within its tenant, 1 to <see cref="MaxNameLength"/> characters.</summary>
    public required string Name
    {
        get;
        init => field = Guard.Name(value, "A role name", MaxNameLength);
    }

    /// <summary>The permissions the role gives, as <c>resource.action</c>.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];
}
