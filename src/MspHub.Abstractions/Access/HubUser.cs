namespace MspHub;

/// <summary>
/// A person or service account that acts in tenants. Authentication stays with the host (ASP.NET Core
/// Identity, an external IdP); MspHub keeps only what access decisions need.
/// </summary>
public sealed record HubUser
{
    /// <summary>The longest user name allowed.</summary>
    public const int MaxUserNameLength = 256;

    /// <summary>The user's id; the <c>sub</c> of their tokens.</summary>
    public required Guid Id
    {
        get;
        init => field = Guard.Id(value, "A user id");
    }

    /// <summary>The user's unique sign-in name, 1 to <see cref="MaxUserNameLength"/> characters.</summary>
    public required string UserName
    {
        get;
        init => field = Guard.Name(value, "A user name", MaxUserNameLength);
    }

    /// <summary>The user's role across the install.</summary>
    public SystemRole SystemRole
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown system role.");
    }

    /// <summary>Whether the user may act; an inactive user holds no permission anywhere.</summary>
    public bool IsActive { get; init; } = true;

    /// <summary>
    /// Raised by the access store whenever the user's access changes (system role, activity, memberships,
    /// roles held, grants). Session tokens carry it, so a token issued before a change is refused as outdated.
    /// </summary>
    public long AccessVersion { get; init; }

    /// <summary>Creates an active user with a fresh UUID v7 id.</summary>
    public static HubUser Create(string userName, SystemRole systemRole = SystemRole.None) =>
        new() { Id = Guid.CreateVersion7(), UserName = userName, SystemRole = systemRole };
}
