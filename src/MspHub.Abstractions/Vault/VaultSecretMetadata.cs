namespace MspHub;

/// <summary>
/// A vault secret's metadata: what lists, governance reviews and audit records may show. It never holds the value,
/// so it can be printed, logged and serialised freely; the value is read only through
/// <see cref="ITenantVault.RevealAsync"/>.
/// </summary>
public sealed record VaultSecretMetadata
{
    /// <summary>The longest name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest kind.</summary>
    public const int MaxKindLength = 32;

    /// <summary>The longest description.</summary>
    public const int MaxDescriptionLength = 1000;

    /// <summary>The most tags a secret carries.</summary>
    public const int MaxTags = 16;

    /// <summary>The longest tag.</summary>
    public const int MaxTagLength = 64;

    /// <summary>The secret's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The tenant that owns the secret, and the only one whose data key can decrypt it.</summary>
    public required Guid TenantId { get; init; }

    /// <summary>The name, unique in the tenant.</summary>
    public required string Name { get; init; }

    /// <summary>What the secret is, such as <c>password</c>, <c>api-key</c> or <c>connection-string</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>What the secret is for.</summary>
    public string? Description { get; init; }

    /// <summary>Labels to find and group secrets by.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>When the secret was created, in UTC to the whole millisecond.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the current version was stored (the creation time until the first rotation).</summary>
    public required DateTimeOffset RotatedAt { get; init; }

    /// <summary>The current version: 1 when created, one more at each rotation; older versions stay readable.</summary>
    public required int CurrentVersion { get; init; }

    /// <summary>When the value must be rotated by, if ever; governance lists secrets expiring soon.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When a value of the secret was last revealed; <see langword="null"/> if never.</summary>
    public DateTimeOffset? LastRevealedAt { get; init; }

    /// <summary>Who last revealed a value; <see langword="null"/> if never.</summary>
    public AuditActor? LastRevealedBy { get; init; }
}
