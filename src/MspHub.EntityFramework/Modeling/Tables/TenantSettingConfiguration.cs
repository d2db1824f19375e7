using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The tenant_settings table: a tenant's own values; descendants inherit what they do not set.</summary>
internal sealed class TenantSettingConfiguration(string? schema) : IEntityTypeConfiguration<SettingRow>
{
    public void Configure(EntityTypeBuilder<SettingRow> setting)
    {
        setting.ToTable("tenant_settings", schema);
        setting.HasKey(s => new { s.TenantId, s.Key });
        setting.Property(s => s.TenantId).HasColumnName("tenant_id");
        setting.Property(s => s.Key).HasColumnName("key").HasMaxLength(TenantSetting.MaxKeyLength);
        setting.Property(s => s.Value).HasColumnName("value").HasMaxLength(TenantSetting.MaxValueLength);
        setting.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
