using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The tenants table: the control plane's list of tenants, their tree (<c>parent_id</c>), status and feature choices, with a version every targeted write checks.</summary>
internal sealed class TenantConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> tenant)
    {
        // The admin tenancy stays active and at the top of the tree, also against a write that goes around MspHub.
        tenant.ToTable("tenants", schema, t => t.HasCheckConstraint(
            "ck_tenants_admin_tenancy_active_top_level", "NOT is_admin_tenancy OR (status = 'Active' AND parent_id IS NULL)"));
        tenant.HasKey(t => t.Id);
        tenant.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        tenant.Property(t => t.Slug).HasColumnName("slug").HasMaxLength(TenantSlug.MaxLength).IsRequired();
        tenant.HasIndex(t => t.Slug).IsUnique();
        tenant.Property(t => t.Name).HasColumnName("name").HasMaxLength(Tenant.MaxNameLength).IsRequired();
        // The list sorts break ties by id: with the id in the index, a page is read in index order, never sorted.
        tenant.HasIndex(t => new { t.Name, t.Id });
        tenant.Property(t => t.ParentId).HasColumnName("parent_id");
        tenant.HasOne<Tenant>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
        tenant.Property(t => t.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        TableMapping.OrderableTime(tenant.Property(t => t.CreatedAt).HasColumnName("created_at"), sqlite);

        tenant.HasIndex(t => new { t.CreatedAt, t.Id });
        tenant.Property(t => t.IsAdminTenancy).HasColumnName("is_admin_tenancy");
        // One admin tenancy at most, also against designations racing each other or a write that goes around MspHub.
        tenant.HasIndex(t => t.IsAdminTenancy).IsUnique().HasFilter("is_admin_tenancy").HasDatabaseName("ux_tenants_one_admin_tenancy");
        tenant.PrimitiveCollection(t => t.DisabledFeatures).HasColumnName("disabled_features");
        tenant.PrimitiveCollection(t => t.EnabledFeatures).HasColumnName("enabled_features");
        tenant.Property<long>(StoreDatabase.TenantVersion).HasColumnName("version").IsConcurrencyToken();
    }
}
