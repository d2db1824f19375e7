using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The technician_grant_requests table: grants waiting for a client tenant's consent, gone with its tenant or its technician, like the grant it asks for.</summary>
internal sealed class TechnicianGrantRequestConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<TechnicianGrantRequest>
{
    public void Configure(EntityTypeBuilder<TechnicianGrantRequest> request)
    {
        request.ToTable("technician_grant_requests", schema);
        request.HasKey(r => r.Id);
        request.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        request.Property(r => r.TenantId).HasColumnName("tenant_id");
        request.HasIndex(r => new { r.TenantId, r.State });
        request.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        request.Property(r => r.UserId).HasColumnName("user_id");
        request.HasIndex(r => r.UserId);
        request.HasOne<HubUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        request.Property(r => r.Permissions).HasColumnName("permissions");
        request.Property(r => r.IncludesDescendants).HasColumnName("includes_descendants");
        TableMapping.OrderableTime(request.Property(r => r.ExpiresAt).HasColumnName("expires_at"), sqlite);
        request.Property(r => r.RequestedBy).HasColumnName("requested_by");
        TableMapping.OrderableTime(request.Property(r => r.RequestedAt).HasColumnName("requested_at"), sqlite);
        request.Property(r => r.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        request.Property(r => r.AnsweredBy).HasColumnName("answered_by");
        TableMapping.OrderableTime(request.Property(r => r.ClosedAt).HasColumnName("closed_at"), sqlite);
    }
}
