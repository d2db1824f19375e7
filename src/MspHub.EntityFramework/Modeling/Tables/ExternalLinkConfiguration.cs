using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The external_links table: which local tenant or user an outside system's id stands for.</summary>
internal sealed class ExternalLinkConfiguration(string? schema) : IEntityTypeConfiguration<ExternalLinkRow>
{
    public void Configure(EntityTypeBuilder<ExternalLinkRow> link)
    {
        link.ToTable("external_links", schema);
        link.HasKey(l => new { l.System, l.Kind, l.ExternalId });
        link.Property(l => l.System).HasColumnName("system").HasMaxLength(ExternalLinkRow.MaxSystemLength);
        link.Property(l => l.Kind).HasColumnName("kind").HasMaxLength(16);
        link.Property(l => l.ExternalId).HasColumnName("external_id").HasMaxLength(ExternalLinkRow.MaxExternalIdLength);
        link.Property(l => l.LocalId).HasColumnName("local_id");
        link.HasIndex(l => l.LocalId);
    }
}
