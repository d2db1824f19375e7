using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The memberships table: a user in a tenant with roles, gone with either.</summary>
internal sealed class MembershipConfiguration(string? schema) : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> membership)
    {
        TableMapping.UserInTenant(membership, "memberships", schema);
        membership.Property(m => m.Roles).HasColumnName("roles");
        membership.Property(m => m.IsShadow).HasColumnName("is_shadow");
        membership.Property(m => m.IsPrimary).HasColumnName("is_primary");
        membership.Property(m => m.IncludesDescendants).HasColumnName("includes_descendants");

        // The database, not only the store, keeps one primary tenant per user, even under concurrent saves.
        membership.HasIndex(m => m.UserId).IsUnique().HasFilter("is_primary").HasDatabaseName("ix_memberships_one_primary");
    }
}
