using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The activations table: one row per licence activated on this install.</summary>
internal sealed class ActivationConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<ActivationRecord>
{
    public void Configure(EntityTypeBuilder<ActivationRecord> activation)
    {
        activation.ToTable("activations", schema);
        activation.HasKey(a => a.LicenceId);
        activation.Property(a => a.LicenceId).HasColumnName("licence_id").HasMaxLength(128);
        activation.Property(a => a.Licensee).HasColumnName("licensee").HasMaxLength(256);
        activation.Property(a => a.AdministratorId).HasColumnName("administrator_id");
        activation.Property(a => a.AdminTenancyId).HasColumnName("admin_tenancy_id");
        activation.Property(a => a.Notice).HasColumnName("notice").HasMaxLength(2000);
        TableMapping.OrderableTime(activation.Property(a => a.ActivatedAt).HasColumnName("activated_at"), sqlite);
    }
}
