using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The approval_requests table: operation gate requests, each one tenant's (row-level security covers it, and it goes with its tenant).</summary>
internal sealed class ApprovalRequestConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> request)
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
        TableMapping.OrderableTime(request.Property(r => r.CreatedAt).HasColumnName("created_at"), sqlite);
        TableMapping.OrderableTime(request.Property(r => r.ExpiresAt).HasColumnName("expires_at"), sqlite);
        request.Property(r => r.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        request.Property(r => r.DecidedBy).HasColumnName("decided_by");
        TableMapping.OrderableTime(request.Property(r => r.DecidedAt).HasColumnName("decided_at"), sqlite);
        TableMapping.OrderableTime(request.Property(r => r.ExecutableUntil).HasColumnName("executable_until"), sqlite);
        TableMapping.OrderableTime(request.Property(r => r.ExecutedAt).HasColumnName("executed_at"), sqlite);
        request.HasIndex(r => new { r.TenantId, r.CreatedAt });
    }
}
