using System.Security.Cryptography;

namespace MspHub;

/// <summary>
/// How MspHub signs audit checkpoints (<see cref="AuditCheckpoint"/>), set through
/// <see cref="MspHubBuilderAuditExtensions.AddAuditCheckpoints"/> and validated when the host starts. The host holds the
/// private key; the database never sees it, which is what lets a checkpoint prove a chain was not rewritten by someone
/// with write access to the tables.
/// </summary>
public sealed class AuditCheckpointOptions
{
    /// <summary>The longest key id: it is stored with every checkpoint.</summary>
    public const int MaxKeyIdLength = 64;

    /// <summary>The id of the current signing key, stored with each checkpoint it signs (1 to 64 printable ASCII characters, such as <c>audit-2026-11</c>).</summary>
    public string? KeyId { get; set; }

    /// <summary>The current signing key: an ECDSA P-256 private key in PEM (<c>-----BEGIN PRIVATE KEY-----</c> or <c>-----BEGIN EC PRIVATE KEY-----</c>). Set this or <see cref="SigningKey"/>.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>The current signing key as an instance (from a key vault or HSM provider, say); ECDSA P-256. Set this or <see cref="SigningKeyPem"/>. MspHub does not dispose it.</summary>
    public ECDsa? SigningKey { get; set; }

    /// <summary>
    /// Public keys of retired signing keys by key id, in PEM (<c>-----BEGIN PUBLIC KEY-----</c>): after a rotation,
    /// checkpoints signed with an old key still verify. The current key's public key is added by MspHub. A node that
    /// only verifies (it holds no signing key, and so signs no checkpoints) sets these alone.
    /// </summary>
    public IDictionary<string, string> RetiredPublicKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A checkpoint is signed once this many records were appended since the last one; 1,000 unless set.</summary>
    public int EveryRecords { get; set; } = 1000;

    /// <summary>A checkpoint is signed with the first record appended this long after the last one; one hour unless set.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How much longer than <see cref="Every"/> a record may wait for its checkpoint before verification reports the
    /// chain's checkpoint overdue (<see cref="AuditChainProblem.CheckpointOverdue"/>): at least the period the host runs
    /// <see cref="IAuditSealer.SealQuietChainsAsync"/> at, plus clock skew between nodes; one hour unless set.
    /// </summary>
    public TimeSpan SealGrace { get; set; } = TimeSpan.FromHours(1);
}
