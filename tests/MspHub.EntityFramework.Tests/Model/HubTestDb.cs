using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Model;

public sealed class HubTestDb(DbContextOptions<HubTestDb> options) : DbContext(options)
{
    public const string SoftDelete = "SoftDelete";

    public DbSet<Autom> Automs => Set<Autom>();

    public DbSet<AutomStep> Steps => Set<AutomStep>();

    public DbSet<AutomTag> Tags => Set<AutomTag>();

    public DbSet<VaultSecret> Secrets => Set<VaultSecret>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<Runbook> Runbooks => Set<Runbook>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<Server> Servers => Set<Server>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Autom>(autom =>
        {
            autom.ToTable("automs");
            autom.HasQueryFilter(SoftDelete, a => !a.IsDeleted);
            autom.HasTenantUniqueIndex(a => a.Name);
            autom.CountsTowardQuota("automs");
            autom.TracksTenantActivity(a => a.UpdatedAt);
            autom.HasMany(a => a.Steps).WithOne(s => s.Autom).HasForeignKey(s => s.AutomId).IsRequired();
        });
        modelBuilder.Entity<AutomStep>().ToTable("autom_steps");
        modelBuilder.Entity<AutomTag>(tag =>
        {
            tag.ToTable("autom_tags").HasKey(t => new { t.AutomId, t.Tag });
            tag.HasOne(t => t.Autom).WithMany().HasForeignKey(t => t.AutomId);
        });
        modelBuilder.Entity<VaultSecret>(secret =>
        {
            secret.ToTable("vault_secrets");
            secret.IsTenantOwned(nameof(VaultSecret.OrganizationId));
            secret.HasTenantUniqueIndex(s => s.Key);
        });
        modelBuilder.Entity<Category>().ToTable("categories");
        modelBuilder.Entity<Site>(site =>
        {
            site.ToTable("sites");
            site.OwnsOne(s => s.Address);
            site.OwnsMany(s => s.Contacts, contact =>
            {
                contact.ToTable("site_contacts").HasKey(c => c.Id);
                contact.Property(c => c.Id).ValueGeneratedNever();
            });
        });
        Runbook.Configure(modelBuilder);
        modelBuilder.Entity<Device>(device =>
        {
            device.ToTable("devices");
            device.ComplexProperty(d => d.Location);
            device.CountsTowardQuota("devices");
        });
        modelBuilder.Entity<Server>();
        modelBuilder.ApplyMspHub(this);
    }
}
