namespace MspHub.EntityFramework;

/// <summary>
/// An <see cref="AuditCheckpoint"/> as a row of <c>audit_checkpoints</c>, keyed by chain (the tenant id, or
/// <see cref="Guid.Empty"/> for the MSP-level chain) and checkpoint number.
/// </summary>
internal sealed class AuditCheckpointRow
{
    public Guid ChainId { get; set; }

    public long Number { get; set; }

    public long FromSequence { get; set; }

    public long ToSequence { get; set; }

    public string HeadHash { get; set; } = "";

    public DateTimeOffset SignedAt { get; set; }

    public string KeyId { get; set; } = "";

    public string PreviousSignature { get; set; } = "";

    public string Signature { get; set; } = "";

    public static AuditCheckpointRow From(AuditCheckpoint checkpoint) => new()
    {
        ChainId = checkpoint.TenantId ?? Guid.Empty,
        Number = checkpoint.Number,
        FromSequence = checkpoint.FromSequence,
        ToSequence = checkpoint.ToSequence,
        HeadHash = checkpoint.HeadHash,
        SignedAt = checkpoint.SignedAt,
        KeyId = checkpoint.KeyId,
        PreviousSignature = checkpoint.PreviousSignature,
        Signature = checkpoint.Signature,
    };

    public AuditCheckpoint ToCheckpoint() => new()
    {
        TenantId = ChainId == Guid.Empty ? null : ChainId,
        Number = Number,
        FromSequence = FromSequence,
        ToSequence = ToSequence,
        HeadHash = HeadHash,
        SignedAt = SignedAt.ToUniversalTime(),
        KeyId = KeyId,
        PreviousSignature = PreviousSignature,
        Signature = Signature,
    };
}
