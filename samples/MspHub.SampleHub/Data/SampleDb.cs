using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;
using MspHub.SampleHub.Hosting;

using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Data;

/// <summary>
/// The hub's database: the sample's tenant data, its sign-in records and MspHub's own tables. Abstract because
/// migrations are provider-specific: <see cref="SqliteSampleDb"/> and <see cref="PostgresSampleDb"/> each carry
/// their own migration set, and everything else in the sample asks for this type.
/// </summary>
public abstract class SampleDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Autom> Automs => Set<Autom>();

    public DbSet<AiAgent> Agents => Set<AiAgent>();

    public DbSet<Dashboard> Dashboards => Set<Dashboard>();

    public DbSet<Alert> Alerts => Set<Alert>();

    public DbSet<DemoAccount> Accounts => Set<DemoAccount>();

    public DbSet<ElevationAsk> ElevationAsks => Set<ElevationAsk>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // MspHub saves copies through a new instance of this context, so they are stamped here too, with the copy's time.
    private void StampWrites()
    {
        var now = DateTime.UtcNow;
        foreach (var entry in ChangeTracker.Entries<ITimestamped>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Property(e => e.UpdatedAt).CurrentValue = now;
        }
    }

    // Times are written in UTC; SQLite keeps no kind, so they are read back as UTC too, and JSON writes them with a "Z".
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        value => value, value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Autom>(autom =>
        {
            autom.ToTable("automs");
            autom.Property(a => a.Name).HasMaxLength(Autom.MaxNameLength);
            autom.HasTenantUniqueIndex(a => a.Name);
            autom.CountsTowardQuota(HubNames.AutomsQuota);
            autom.TracksTenantActivity(a => a.UpdatedAt);
        });
        modelBuilder.Entity<AiAgent>(agent =>
        {
            agent.ToTable("ai_agents");
            agent.HasTenantUniqueIndex(a => a.Name);
            agent.TracksTenantActivity(a => a.UpdatedAt);
        });
        modelBuilder.Entity<Dashboard>(dashboard =>
        {
            dashboard.ToTable("dashboards");
            dashboard.HasTenantUniqueIndex(d => d.Name); // the natural key that keeps a repeated duplication from copying twice
            dashboard.TracksTenantActivity(d => d.UpdatedAt);
        });
        modelBuilder.Entity<Alert>(alert =>
        {
            alert.ToTable("alerts");
            alert.TracksTenantActivity(a => a.UpdatedAt);
        });
        modelBuilder.Entity<DemoAccount>(account =>
        {
            account.ToTable("demo_accounts");
            account.HasKey(a => a.UserId);
            account.HasIndex(a => a.UserName).IsUnique();
            account.Property(a => a.FullName).HasMaxLength(Input.MaxFullNameLength);
            account.Property(a => a.Email).HasMaxLength(Input.MaxEmailLength);
        });
        modelBuilder.Entity<ElevationAsk>(ask =>
        {
            ask.ToTable("elevation_asks");
            ask.Property(a => a.Reason).HasMaxLength(TechnicianElevation.MaxReasonLength);
        });
        modelBuilder.ApplyMspHub(this);
    }
}
