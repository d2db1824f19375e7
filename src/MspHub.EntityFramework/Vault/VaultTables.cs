using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// The vault's tables among MspHub's own: each row names its tenant, every store command reaches only the tenant it
/// names, and row-level security covers all three. They are not host tenant-owned tables on purpose: tenant data
/// transfer moves rows between tenants, and ciphertext bound to its tenant would not decrypt in another.
/// </summary>
internal static class VaultTables
{
    /// <summary>The longest key-encryption key id.</summary>
    public const int MaxKeyIdLength = 128;

    public static void Map(ModelBuilder modelBuilder, string? schema, bool sqlite)
    {
        modelBuilder.Entity<VaultDataKeyRow>(key =>
        {
            key.ToTable("vault_data_keys", schema);
            key.HasKey(k => k.TenantId);
            key.Property(k => k.TenantId).HasColumnName("tenant_id").ValueGeneratedNever();
            key.Property(k => k.KeyId).HasColumnName("key_id").HasMaxLength(MaxKeyIdLength);
            key.HasIndex(k => k.KeyId);
            key.Property(k => k.Wrapped).HasColumnName("wrapped");
            key.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<VaultSecretRow>(secret =>
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
            MspHubModelBuilderExtensions.OrderableTime(secret.Property(s => s.CreatedAt).HasColumnName("created_at"), sqlite);
            MspHubModelBuilderExtensions.OrderableTime(secret.Property(s => s.RotatedAt).HasColumnName("rotated_at"), sqlite);
            secret.Property(s => s.CurrentVersion).HasColumnName("current_version");
            MspHubModelBuilderExtensions.OrderableTime(secret.Property(s => s.ExpiresAt).HasColumnName("expires_at"), sqlite);
            MspHubModelBuilderExtensions.OrderableTime(secret.Property(s => s.LastRevealedAt).HasColumnName("last_revealed_at"), sqlite);
            secret.Property(s => s.LastRevealedByKind).HasColumnName("last_revealed_by_kind").HasMaxLength(16);
            secret.Property(s => s.LastRevealedById).HasColumnName("last_revealed_by_id");
        });
        modelBuilder.Entity<VaultVersionRow>(version =>
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
            MspHubModelBuilderExtensions.OrderableTime(version.Property(v => v.CreatedAt).HasColumnName("created_at"), sqlite);
        });
    }
}
