using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>The users table: one row per person, whatever tenants they belong to; user names are unique ignoring case through a normalised column.</summary>
internal sealed class HubUserConfiguration(string? schema) : IEntityTypeConfiguration<HubUser>
{
    public void Configure(EntityTypeBuilder<HubUser> user)
    {
        user.ToTable("users", schema);
        user.HasKey(u => u.Id);
        user.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
        user.Property(u => u.UserName).HasColumnName("user_name").HasMaxLength(HubUser.MaxUserNameLength);
        user.Property<string>(AccessColumns.NormalizedUserName).HasColumnName("normalized_user_name").HasMaxLength(HubUser.MaxUserNameLength)
            .HasValueGenerator<NormalizedNameGenerator>();
        user.HasIndex(AccessColumns.NormalizedUserName).IsUnique();
        user.Property(u => u.SystemRole).HasColumnName("system_role").HasConversion<string>().HasMaxLength(16);
        user.HasIndex(u => u.SystemRole);
        user.Property(u => u.IsActive).HasColumnName("is_active");
        user.Property(u => u.AccessVersion).HasColumnName("access_version");
    }
}
