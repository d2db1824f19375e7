using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The branding table: per tenant (or the MSP's default), the colours, title and the hash of the logo.</summary>
internal sealed class BrandingConfiguration(string? schema) : IEntityTypeConfiguration<BrandingRow>
{
    public void Configure(EntityTypeBuilder<BrandingRow> branding)
    {
        branding.ToTable("branding", schema);
        branding.HasKey(b => b.ScopeId);
        branding.Property(b => b.ScopeId).HasColumnName("scope_id").ValueGeneratedNever();
        branding.Property(b => b.LogoSha256).HasColumnName("logo_sha256").HasMaxLength(64);
        branding.Property(b => b.PrimaryColor).HasColumnName("primary_color").HasMaxLength(7);
        branding.Property(b => b.SecondaryColor).HasColumnName("secondary_color").HasMaxLength(7);
        branding.Property(b => b.Title).HasColumnName("title").HasMaxLength(BrandingRules.MaxTitleLength);
    }
}
