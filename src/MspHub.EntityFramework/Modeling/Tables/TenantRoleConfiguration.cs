using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The tenant_roles table: a tenant's named roles, unique ignoring case within the tenant.</summary>
internal sealed class TenantRoleConfiguration(string? schema) : IEntityTypeConfiguration<TenantRole>
{
    public void Configure(EntityTypeBuilder<TenantRole> role)
    {
        role.ToTable("tenant_roles", schema);
        role.Property(r => r.TenantId).HasColumnName("tenant_id");
        role.Property<string>(AccessColumns.NormalizedName).HasColumnName("normalized_name").HasMaxLength(TenantRole.MaxNameLength)
            .HasValueGenerator<NormalizedNameGenerator>();
        role.HasKey(nameof(TenantRole.TenantId), AccessColumns.NormalizedName);
        role.Property(r => r.Name).HasColumnName("name").HasMaxLength(TenantRole.MaxNameLength);
        role.Property(r => r.Permissions).HasColumnName("permissions");
        role.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
