using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The vault_data_keys table: each tenant's data key, wrapped by a key-encryption key; row-level security covers it, and shredding deletes the row.</summary>
internal sealed class VaultDataKeyConfiguration(string? schema) : IEntityTypeConfiguration<VaultDataKeyRow>
{
    /// <summary>The longest key-encryption key id.</summary>
    public const int MaxKeyIdLength = 128;

    public void Configure(EntityTypeBuilder<VaultDataKeyRow> key)
    {
        key.ToTable("vault_data_keys", schema);
        key.HasKey(k => k.TenantId);
        key.Property(k => k.TenantId).HasColumnName("tenant_id").ValueGeneratedNever();
        key.Property(k => k.KeyId).HasColumnName("key_id").HasMaxLength(MaxKeyIdLength);
        key.HasIndex(k => k.KeyId);
        key.Property(k => k.Wrapped).HasColumnName("wrapped");
        key.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
