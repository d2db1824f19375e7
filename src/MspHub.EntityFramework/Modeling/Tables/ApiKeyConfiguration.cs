using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The api_keys table: a key's prefix (unique, how a presented key is found) and the hash of its secret, never the secret.</summary>
internal sealed class ApiKeyConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys", schema);
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).HasColumnName("id").ValueGeneratedNever();
        key.Property(k => k.TenantId).HasColumnName("tenant_id");
        key.HasIndex(k => k.TenantId);
        key.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
        key.Property(k => k.Name).HasColumnName("name").HasMaxLength(200);
        key.Property(k => k.Prefix).HasColumnName("prefix").HasMaxLength(32);
        key.HasIndex(k => k.Prefix).IsUnique();
        key.Property(k => k.SecretHash).HasColumnName("secret_hash");
        key.PrimitiveCollection(k => k.Permissions).HasColumnName("permissions");
        key.Property(k => k.CreatedBy).HasColumnName("created_by");
        TableMapping.OrderableTime(key.Property(k => k.CreatedAt).HasColumnName("created_at"), sqlite);
        TableMapping.OrderableTime(key.Property(k => k.ExpiresAt).HasColumnName("expires_at"), sqlite);
        TableMapping.OrderableTime(key.Property(k => k.RevokedAt).HasColumnName("revoked_at"), sqlite);
    }
}
