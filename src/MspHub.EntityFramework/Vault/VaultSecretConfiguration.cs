using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The vault_items table: a secret's metadata (never its value), unique by name within its tenant. Vault rows are MspHub's own, not host tenant-owned tables, on purpose: tenant data transfer moves rows between tenants, and ciphertext bound to its tenant would not decrypt in another.</summary>
internal sealed class VaultSecretConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<VaultSecretRow>
{
    public void Configure(EntityTypeBuilder<VaultSecretRow> secret)
    {
        secret.ToTable("vault_items", schema);
        secret.HasKey(s => s.Id);
        secret.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
        secret.Property(s => s.TenantId).HasColumnName("tenant_id");
        secret.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        secret.Property(s => s.Name).HasColumnName("name").HasMaxLength(VaultSecretMetadata.MaxNameLength);
        secret.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();
        secret.Property(s => s.Kind).HasColumnName("kind").HasMaxLength(VaultSecretMetadata.MaxKindLength);
        secret.Property(s => s.Description).HasColumnName("description").HasMaxLength(VaultSecretMetadata.MaxDescriptionLength);
        secret.PrimitiveCollection(s => s.Tags).HasColumnName("tags");
        TableMapping.OrderableTime(secret.Property(s => s.CreatedAt).HasColumnName("created_at"), sqlite);
        TableMapping.OrderableTime(secret.Property(s => s.RotatedAt).HasColumnName("rotated_at"), sqlite);
        secret.Property(s => s.CurrentVersion).HasColumnName("current_version");
        TableMapping.OrderableTime(secret.Property(s => s.ExpiresAt).HasColumnName("expires_at"), sqlite);
        TableMapping.OrderableTime(secret.Property(s => s.LastRevealedAt).HasColumnName("last_revealed_at"), sqlite);
        secret.Property(s => s.LastRevealedByKind).HasColumnName("last_revealed_by_kind").HasMaxLength(16);
        secret.Property(s => s.LastRevealedById).HasColumnName("last_revealed_by_id");
    }
}
