using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MspHub.EntityFramework;

/// <summary>Column mappings more than one of MspHub's tables share.</summary>
internal static class TableMapping
{
    // SQLite has no date type EF Core can order by; a binary DateTimeOffset sorts correctly as an integer.
    public static void OrderableTime(PropertyBuilder<DateTimeOffset> property, bool sqlite)
    {
        if (sqlite)
        {
            property.HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }

    /// <summary>An optional time, orderable on SQLite like <see cref="OrderableTime(PropertyBuilder{DateTimeOffset}, bool)"/>.</summary>
    public static void OrderableTime(PropertyBuilder<DateTimeOffset?> property, bool sqlite)
    {
        if (sqlite)
        {
            property.HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }

    // On SQLite, whole microseconds since the Unix epoch: the precision audit times are hashed and signed at, and orderable.
    public static void AuditTime(PropertyBuilder<DateTimeOffset> time, bool sqlite)
    {
        if (sqlite)
        {
            time.HasConversion(new ValueConverter<DateTimeOffset, long>(
                v => (v.UtcTicks - DateTime.UnixEpoch.Ticks) / 10,
                v => new DateTimeOffset(DateTime.UnixEpoch.Ticks + (v * 10), TimeSpan.Zero)));
        }
    }

    // Memberships, grants and elevations are all rows of one user in one tenant, removed with either.
    public static void UserInTenant<T>(EntityTypeBuilder<T> row, string table, string? schema)
        where T : class
    {
        const string user = nameof(Membership.UserId), tenant = nameof(Membership.TenantId);
        row.ToTable(table, schema);
        row.HasKey(user, tenant);
        row.Property<Guid>(user).HasColumnName("user_id");
        row.Property<Guid>(tenant).HasColumnName("tenant_id");
        row.HasIndex(tenant);
        row.HasOne<HubUser>().WithMany().HasForeignKey(user).OnDelete(DeleteBehavior.Cascade);
        row.HasOne<Tenant>().WithMany().HasForeignKey(tenant).OnDelete(DeleteBehavior.Cascade);
    }
}
