using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The audit_records table. No foreign key to tenants: a chain outlives its tenant until it is archived. The key is the chain order; the other indexes serve the filters a reader pages with, newest first.</summary>
internal sealed class AuditRecordConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<AuditRecordRow>
{
    public void Configure(EntityTypeBuilder<AuditRecordRow> record)
    {
        record.ToTable("audit_records", schema);
        record.HasKey(r => new { r.ChainId, r.Sequence });
        record.Property(r => r.ChainId).HasColumnName("chain_id");
        record.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        TableMapping.AuditTime(record.Property(r => r.OccurredAt).HasColumnName("occurred_at"), sqlite);

        record.Property(r => r.ActorKind).HasColumnName("actor_kind").HasMaxLength(16);
        record.Property(r => r.ActorId).HasColumnName("actor_id");
        record.Property(r => r.Action).HasColumnName("action").HasMaxLength(AuditEntry.MaxActionLength);
        record.Property(r => r.TargetType).HasColumnName("target_type").HasMaxLength(AuditEntry.MaxTextLength);
        record.Property(r => r.TargetId).HasColumnName("target_id").HasMaxLength(AuditEntry.MaxTextLength);
        record.Property(r => r.Outcome).HasColumnName("outcome").HasMaxLength(16);
        record.Property(r => r.Reason).HasColumnName("reason").HasMaxLength(AuditEntry.MaxTextLength);
        record.Property(r => r.CorrelationId).HasColumnName("correlation_id").HasMaxLength(AuditEntry.MaxTextLength);
        record.Property(r => r.TraceId).HasColumnName("trace_id").HasMaxLength(32);
        record.Property(r => r.Detail).HasColumnName("detail");
        record.Property(r => r.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64);
        record.Property(r => r.Hash).HasColumnName("hash").HasMaxLength(64);
        record.HasIndex(r => new { r.ChainId, r.OccurredAt });
        record.HasIndex(r => new { r.ChainId, r.Action, r.Sequence });
        record.HasIndex(r => new { r.ChainId, r.ActorId, r.Sequence });
        record.HasIndex(r => new { r.ChainId, r.TargetType, r.TargetId, r.Sequence });
    }
}
