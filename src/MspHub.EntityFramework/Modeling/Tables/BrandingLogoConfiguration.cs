using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The logos table: logo images by the SHA-256 of their bytes, so identical logos are stored once.</summary>
internal sealed class BrandingLogoConfiguration(string? schema) : IEntityTypeConfiguration<BrandingLogo>
{
    public void Configure(EntityTypeBuilder<BrandingLogo> logo)
    {
        logo.ToTable("logos", schema);
        logo.HasKey(l => l.Sha256);
        logo.Property(l => l.Sha256).HasColumnName("sha256").HasMaxLength(64);
        logo.Property(l => l.ContentType).HasColumnName("content_type").HasMaxLength(32);
        logo.Property(l => l.Content).HasColumnName("content");
    }
}
