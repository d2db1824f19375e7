// docs: data-isolation.md#the-dbcontext
using Microsoft.EntityFrameworkCore;
using MspHub;
using MspHub.EntityFramework;

// end docs
namespace MspHub.AspNetCore.Tests.Docs.DataIsolation;

// docs: data-isolation.md#the-dbcontext
public sealed class Autom : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }                  // set by the save guard
    public required string Name { get; set; }
    public bool IsDeleted { get; set; }
    public List<AutomStep> Steps { get; } = [];
}

public sealed class AutomStep : ITenantOwned           // no TenantId property: MspHub maps a shadow one
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AutomId { get; set; }
    public Autom Autom { get; set; } = null!;
    public required string Action { get; set; }
}

public sealed class VaultSecret                         // no marker; the tenant id has another name
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
}

public sealed class Category                            // shared by every tenant: not tenant-owned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
}

public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
{
    public const string SoftDelete = "SoftDelete";

    public DbSet<Autom> Automs => Set<Autom>();
    public DbSet<AutomStep> Steps => Set<AutomStep>();
    public DbSet<VaultSecret> Secrets => Set<VaultSecret>();
    public DbSet<Category> Categories => Set<Category>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Autom>(autom =>
        {
            autom.HasQueryFilter(SoftDelete, a => !a.IsDeleted);   // your own filters must be named too
            autom.HasTenantUniqueIndex(a => a.Name);               // names are unique per tenant
            autom.HasMany(a => a.Steps).WithOne(s => s.Autom).HasForeignKey(s => s.AutomId);
        });

        modelBuilder.Entity<VaultSecret>(secret =>
        {
            secret.IsTenantOwned(nameof(VaultSecret.OrganizationId));
            secret.HasTenantUniqueIndex(s => s.Key);
        });

        modelBuilder.ApplyMspHub(this);                            // last
    }
}
// end docs
