namespace MspHub;

/// <summary>Settings of the tenant vault (section <c>MspHub:Vault</c>), checked when the host starts.</summary>
public sealed class VaultOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "MspHub:Vault";

    /// <summary>
    /// Key-encryption keys by id, each 32 random bytes in base64, for the default provider (used unless another
    /// <see cref="IKeyEncryptionKeyProvider"/> is registered). Keep retired keys here until
    /// <see cref="IVaultGovernance.RewrapDataKeysAsync"/> has re-wrapped every data key they wrapped.
    /// Keep them out of source control: they come from a secret store or the environment.
    /// </summary>
    public IDictionary<string, string> KeyEncryptionKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The id in <see cref="KeyEncryptionKeys"/> that wraps new data keys and that rotation re-wraps to.</summary>
    public string? CurrentKeyId { get; set; }

    /// <summary>
    /// How long an unwrapped data key stays in memory after use, so a reveal does not ask the key-encryption key
    /// (possibly a remote KMS) each time. Shredding a tenant removes its key at once on this node, and on the others
    /// as soon as they hear of it through a cache-notification transport; without one, this is how long they keep it.
    /// </summary>
    public TimeSpan DataKeyCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many tenants' data keys stay in memory at most.</summary>
    public int DataKeyCacheSize { get; set; } = 10_000;

    /// <summary>How soon before <see cref="VaultSecretMetadata.ExpiresAt"/> governance counts a secret as expiring soon.</summary>
    public TimeSpan ExpiringWithin { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The longest value, in characters.</summary>
    public int MaxValueLength { get; set; } = 64 * 1024;
}
