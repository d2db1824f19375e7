using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The vault_item_versions table: every version's AES-256-GCM nonce, ciphertext and tag, kept as history when a secret rotates.</summary>
internal sealed class VaultVersionConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<VaultVersionRow>
{
    public void Configure(EntityTypeBuilder<VaultVersionRow> version)
    {
        version.ToTable("vault_item_versions", schema);
        version.HasKey(v => new { v.SecretId, v.Version });
        version.Property(v => v.SecretId).HasColumnName("secret_id");
        version.Property(v => v.Version).HasColumnName("version").ValueGeneratedNever();
        version.Property(v => v.TenantId).HasColumnName("tenant_id");
        version.HasIndex(v => v.TenantId);
        version.HasOne<VaultSecretRow>().WithMany().HasForeignKey(v => v.SecretId).OnDelete(DeleteBehavior.Cascade);
        version.Property(v => v.Nonce).HasColumnName("nonce");
        version.Property(v => v.Ciphertext).HasColumnName("ciphertext");
        version.Property(v => v.Tag).HasColumnName("tag");
        TableMapping.OrderableTime(version.Property(v => v.CreatedAt).HasColumnName("created_at"), sqlite);
    }
}
