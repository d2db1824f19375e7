using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The audit_checkpoints table: the signed checkpoints of each chain.</summary>
internal sealed class AuditCheckpointConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<AuditCheckpointRow>
{
    public void Configure(EntityTypeBuilder<AuditCheckpointRow> checkpoint)
    {
        checkpoint.ToTable("audit_checkpoints", schema);
        checkpoint.HasKey(c => new { c.ChainId, c.Number });
        checkpoint.Property(c => c.ChainId).HasColumnName("chain_id");
        checkpoint.Property(c => c.Number).HasColumnName("number").ValueGeneratedNever();
        checkpoint.Property(c => c.FromSequence).HasColumnName("from_sequence");
        checkpoint.Property(c => c.ToSequence).HasColumnName("to_sequence");
        checkpoint.Property(c => c.HeadHash).HasColumnName("head_hash").HasMaxLength(64);
        TableMapping.AuditTime(checkpoint.Property(c => c.SignedAt).HasColumnName("signed_at"), sqlite);
        checkpoint.Property(c => c.KeyId).HasColumnName("key_id").HasMaxLength(AuditCheckpointOptions.MaxKeyIdLength);
        checkpoint.Property(c => c.PreviousSignature).HasColumnName("previous_signature").HasMaxLength(128);
        checkpoint.Property(c => c.Signature).HasColumnName("signature").HasMaxLength(128);
        checkpoint.HasIndex(c => new { c.ChainId, c.ToSequence });
    }
}
