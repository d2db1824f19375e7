using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The technician_elevations table: one per technician and tenant, keyed like the grant it sits on, and gone with its tenant or its technician.</summary>
internal sealed class TechnicianElevationConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<TechnicianElevation>
{
    public void Configure(EntityTypeBuilder<TechnicianElevation> elevation)
    {
        TableMapping.UserInTenant(elevation, "technician_elevations", schema);
        elevation.Property(e => e.Permissions).HasColumnName("permissions");
        elevation.Property(e => e.Reason).HasColumnName("reason").HasMaxLength(TechnicianElevation.MaxReasonLength);
        TableMapping.OrderableTime(elevation.Property(e => e.ActivatedAt).HasColumnName("activated_at"), sqlite);
        TableMapping.OrderableTime(elevation.Property(e => e.ExpiresAt).HasColumnName("expires_at"), sqlite);
        elevation.Property(e => e.ApprovalId).HasColumnName("approval_id");
    }
}
