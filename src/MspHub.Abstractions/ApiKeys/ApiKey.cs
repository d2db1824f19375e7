using System.Text.Json.Serialization;

namespace MspHub;

/// <summary>
/// A per-tenant API key as stored: never the secret, only its SHA-256 and a random prefix to find it by. The
/// key acts in one tenant until it expires, with the permissions it was granted that its creator still holds
/// there, none of them sensitive or MSP-level.
/// </summary>
public sealed record ApiKey
{
    /// <summary>The key's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant the key acts in, and the only one.</summary>
    public required Guid TenantId { get; init; }

    /// <summary>What the key is for, as its creator named it.</summary>
    public required string Name { get; init; }

    /// <summary>The random look-up prefix that the presented key starts with; unique.</summary>
    public required string Prefix { get; init; }

    /// <summary>The SHA-256 of the key's 32 secret bytes; left out when the key is written as JSON, so a listing an endpoint returns never carries it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWriting)]
    public required byte[] SecretHash { get; init; }

    /// <summary>The permissions the key holds in its tenant, as <c>resource.action</c>.</summary>
    public IReadOnlyList<string> Permissions { get; init; } = [];

    /// <summary>The user who created the key.</summary>
    public required Guid CreatedBy { get; init; }

    /// <summary>When the key was created, in UTC to the whole millisecond.</summary>
    public required DateTimeOffset CreatedAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>When the key stops working, in UTC to the whole millisecond; every key has one.</summary>
    public required DateTimeOffset ExpiresAt
    {
        get;
        init => field = Guard.UtcMilliseconds(value);
    }

    /// <summary>When the key was revoked, or <see langword="null"/> while it is live.</summary>
    public DateTimeOffset? RevokedAt
    {
        get;
        init => field = value is { } at ? Guard.UtcMilliseconds(at) : null;
    }
}
