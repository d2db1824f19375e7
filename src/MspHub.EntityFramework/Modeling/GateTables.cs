using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MspHub.EntityFramework;

/// <summary>
/// The operation gates' tables: approval requests and the gate inbox, each row one tenant's (row-level security
/// covers both, and both go with their tenant). Kept apart from the other tables so the mapping reads as one piece.
/// </summary>
internal static class GateTables
{
    public static void Map(ModelBuilder modelBuilder, string? schema, bool sqlite)
    {
        MapRequests(modelBuilder.Entity<ApprovalRequest>(), schema, sqlite);
        MapNotifications(modelBuilder.Entity<GateNotificationRow>(), schema, sqlite);
    }

    private static void MapRequests(EntityTypeBuilder<ApprovalRequest> request, string? schema, bool sqlite)
    {
        request.ToTable("approval_requests", schema);
        request.HasKey(r => r.Id);
        request.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        request.Property(r => r.TenantId).HasColumnName("tenant_id");
        request.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        request.Property(r => r.Operation).HasColumnName("operation").HasMaxLength(OperationGateOptions.MaxOperationLength);
        request.Property(r => r.ArgumentsHash).HasColumnName("arguments_sha256").HasMaxLength(64);
        request.Property(r => r.Summary).HasColumnName("summary").HasMaxLength(ApprovalRequest.MaxSummaryLength);
        request.Property(r => r.RequesterKind).HasColumnName("requester_kind").HasConversion<string>().HasMaxLength(16);
        request.Property(r => r.RequesterId).HasColumnName("requester_id");
        MspHubModelBuilderExtensions.OrderableTime(request.Property(r => r.CreatedAt).HasColumnName("created_at"), sqlite);
        MspHubModelBuilderExtensions.OrderableTime(request.Property(r => r.ExpiresAt).HasColumnName("expires_at"), sqlite);
        request.Property(r => r.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        request.Property(r => r.DecidedBy).HasColumnName("decided_by");
        OrderableTime(request.Property(r => r.DecidedAt).HasColumnName("decided_at"), sqlite);
        OrderableTime(request.Property(r => r.ExecutableUntil).HasColumnName("executable_until"), sqlite);
        OrderableTime(request.Property(r => r.ExecutedAt).HasColumnName("executed_at"), sqlite);
        request.HasIndex(r => new { r.TenantId, r.CreatedAt });
    }

    private static void MapNotifications(EntityTypeBuilder<GateNotificationRow> notification, string? schema, bool sqlite)
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
        MspHubModelBuilderExtensions.OrderableTime(notification.Property(n => n.CreatedAt).HasColumnName("created_at"), sqlite);
        notification.HasIndex(n => new { n.TenantId, n.CreatedAt });
    }

    // The nullable times, orderable on SQLite like the others.
    private static void OrderableTime(PropertyBuilder<DateTimeOffset?> property, bool sqlite)
    {
        if (sqlite)
        {
            property.HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }
}
