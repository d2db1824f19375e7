using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The technician_grants table: a technician's delegated access to a tenant (or its subtree), with its start and expiry orderable on SQLite too, because expiry is compared in queries.</summary>
internal sealed class TechnicianGrantConfiguration(string? schema, bool sqlite) : IEntityTypeConfiguration<TechnicianGrant>
{
    public void Configure(EntityTypeBuilder<TechnicianGrant> grant)
    {
        TableMapping.UserInTenant(grant, "technician_grants", schema);
        grant.Property(g => g.Permissions).HasColumnName("permissions");
        grant.Property(g => g.IncludesDescendants).HasColumnName("includes_descendants");
        TableMapping.OrderableTime(grant.Property(g => g.GrantedAt).HasColumnName("granted_at"), sqlite);
        TableMapping.OrderableTime(grant.Property(g => g.ExpiresAt).HasColumnName("expires_at"), sqlite);
    }
}
