using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The control plane's placements table. Not under row-level security: like the tenants table, it is read before any tenant is in scope, to know where that tenant's data is.</summary>
internal sealed class PlacementConfiguration(string? schema) : IEntityTypeConfiguration<PlacementRow>
{
    public void Configure(EntityTypeBuilder<PlacementRow> placement)
    {
        placement.ToTable("placements", schema);
        placement.HasKey(p => p.TenantId);
        placement.Property(p => p.TenantId).HasColumnName("tenant_id").ValueGeneratedNever();
        placement.Property(p => p.Server).HasColumnName("server").HasMaxLength(63);
        placement.Property(p => p.Database).HasColumnName("database").HasMaxLength(63);
        placement.Property(p => p.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        placement.Property(p => p.WritesFenced).HasColumnName("writes_fenced");

        // The epoch guards every change: a state change written over an epoch someone else already advanced matches no row.
        placement.Property(p => p.Epoch).HasColumnName("epoch").IsConcurrencyToken();
        placement.Property(p => p.ChangedAt).HasColumnName("changed_at");
        placement.HasIndex(p => p.Server);
    }
}
