using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The quota_counters table: per tenant and quota, what is used, the tenant's own limit and the limit it sets for its subtree.</summary>
internal sealed class QuotaCounterConfiguration(string? schema) : IEntityTypeConfiguration<QuotaCounterRow>
{
    /// <summary>The longest quota name the table keeps.</summary>
    public const int MaxQuotaLength = 64;

    public void Configure(EntityTypeBuilder<QuotaCounterRow> row)
    {
        row.ToTable("quota_counters", schema);
        row.HasKey(r => new { r.TenantId, r.Quota });
        row.Property(r => r.TenantId).HasColumnName("tenant_id");
        row.Property(r => r.Quota).HasColumnName("quota").HasMaxLength(MaxQuotaLength);
        row.Property(r => r.Used).HasColumnName("used");

        // The admin tenant list sorted by usage reads one quota's counters in this order, up to the page it shows.
        row.HasIndex(r => new { r.Quota, r.Used });
        row.Property(r => r.LimitOverride).HasColumnName("limit_override");
        row.Property(r => r.SubtreeLimit).HasColumnName("subtree_limit");
        row.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
