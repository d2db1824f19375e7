using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The gate_notifications table: a tenant's gate inbox, under row-level security and gone with its tenant.</summary>
internal sealed class GateNotificationConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<GateNotificationRow>
{
    public void Configure(EntityTypeBuilder<GateNotificationRow> notification)
    {
        notification.ToTable("gate_notifications", schema);
        notification.HasKey(n => n.Id);
        notification.Property(n => n.Id).HasColumnName("id").ValueGeneratedNever();
        notification.Property(n => n.TenantId).HasColumnName("tenant_id");
        notification.HasOne<Tenant>().WithMany().HasForeignKey(n => n.TenantId).OnDelete(DeleteBehavior.Cascade);
        notification.Property(n => n.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(32);
        notification.Property(n => n.Subject).HasColumnName("subject").HasMaxLength(OperationGateOptions.MaxOperationLength);
        notification.Property(n => n.RequestId).HasColumnName("request_id");
        notification.Property(n => n.ActorKind).HasColumnName("actor_kind").HasConversion<string>().HasMaxLength(16);
        notification.Property(n => n.ActorId).HasColumnName("actor_id");
        notification.Property(n => n.Message).HasColumnName("message").HasMaxLength(GateNotification.MaxMessageLength);
        TableMapping.OrderableTime(notification.Property(n => n.CreatedAt).HasColumnName("created_at"), sqlite);
        notification.HasIndex(n => new { n.TenantId, n.CreatedAt });
    }
}
