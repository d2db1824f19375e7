using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The audit_chain_heads table: each chain's last sequence and hash, the row an append moves.</summary>
internal sealed class AuditChainHeadConfiguration(string? schema) : IEntityTypeConfiguration<AuditChainHeadRow>
{
    public void Configure(EntityTypeBuilder<AuditChainHeadRow> head)
    {
        head.ToTable("audit_chain_heads", schema);
        head.HasKey(h => h.ChainId);
        head.Property(h => h.ChainId).HasColumnName("chain_id").ValueGeneratedNever();
        head.Property(h => h.Sequence).HasColumnName("sequence");
        head.Property(h => h.Hash).HasColumnName("hash").HasMaxLength(64);
    }
}
