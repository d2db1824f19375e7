namespace MspHub;

/// <summary>
/// A secret to create. A class rather than a record, and with its own <see cref="ToString"/>, so the value is never
/// printed by a log line, a debugger display or an exception that formats its argument.
/// </summary>
public sealed class VaultSecretDraft
{
    /// <summary>The name, unique in the tenant.</summary>
    public required string Name { get; init; }

    /// <summary>What the secret is: lowercase letters, digits and dashes, such as <c>password</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The value to encrypt.</summary>
    public required string Value { get; init; }

    /// <summary>What the secret is for.</summary>
    public string? Description { get; init; }

    /// <summary>Labels to find and group secrets by.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>When the value must be rotated by, if ever.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Names the draft without its value.</summary>
    public override string ToString() => $"VaultSecretDraft {{ Name = {Name}, Kind = {Kind} }}";
}
