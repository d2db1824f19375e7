namespace MspHub.EntityFramework;

/// <summary>A vault secret's metadata row; its versions are <see cref="VaultVersionRow"/>s.</summary>
internal sealed class VaultSecretRow
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public string? Description { get; set; }

    public List<string> Tags { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset RotatedAt { get; set; }

    public int CurrentVersion { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public DateTimeOffset? LastRevealedAt { get; set; }

    public string? LastRevealedByKind { get; set; }

    public Guid? LastRevealedById { get; set; }
}

/// <summary>One version of a secret: nonce, ciphertext and tag under the tenant's data key.</summary>
internal sealed class VaultVersionRow
{
    public Guid TenantId { get; set; }

    public Guid SecretId { get; set; }

    public int Version { get; set; }

    public required byte[] Nonce { get; set; }

    public required byte[] Ciphertext { get; set; }

    public required byte[] Tag { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A tenant's data key, wrapped by the key-encryption key <see cref="KeyId"/> names.</summary>
internal sealed class VaultDataKeyRow
{
    public Guid TenantId { get; set; }

    public required string KeyId { get; set; }

    public required byte[] Wrapped { get; set; }
}
