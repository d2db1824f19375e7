namespace MspHub;

/// <summary>
/// A signed statement that a chain held records <see cref="FromSequence"/> to <see cref="ToSequence"/> and that the
/// last of them hashed to <see cref="HeadHash"/>. Each checkpoint also signs the previous one's signature, so the
/// checkpoints form a chain of their own: someone who can write the database but does not hold the signing key cannot
/// rewrite records and re-hash the chain, cut its tail together with its head, or drop a checkpoint, without a
/// signature failing. Written in the same transaction as the record that triggers it (see
/// <see cref="AuditCheckpointOptions"/>); the bytes signed are <see cref="AuditHash.EncodeCheckpoint"/>.
/// </summary>
public sealed record AuditCheckpoint
{
    /// <summary>The chain: a tenant's, or <see langword="null"/> for the MSP-level chain.</summary>
    public Guid? TenantId { get; init; }

    /// <summary>The checkpoint's position among its chain's checkpoints: 1, 2, 3 … with no gaps.</summary>
    public long Number { get; init; }

    /// <summary>The first record this checkpoint covers: one after the previous checkpoint's <see cref="ToSequence"/>.</summary>
    public long FromSequence { get; init; }

    /// <summary>The last record this checkpoint covers: the chain's head when it was signed.</summary>
    public long ToSequence { get; init; }

    /// <summary>The hash of record <see cref="ToSequence"/>, which chains every record before it; lowercase hex.</summary>
    public required string HeadHash { get; init; }

    /// <summary>When it was signed, in UTC, to the microsecond.</summary>
    public DateTimeOffset SignedAt { get; init; }

    /// <summary>Which key signed it, so checkpoints signed before a key rotation still verify with the retired key.</summary>
    public required string KeyId { get; init; }

    /// <summary>The previous checkpoint's <see cref="Signature"/>, or empty for a chain's first checkpoint; lowercase hex.</summary>
    public string PreviousSignature { get; init; } = "";

    /// <summary>ECDSA P-256 with SHA-256 over <see cref="AuditHash.EncodeCheckpoint"/>, as r and s (IEEE P1363, 64 bytes); lowercase hex.</summary>
    public string Signature { get; init; } = "";
}
