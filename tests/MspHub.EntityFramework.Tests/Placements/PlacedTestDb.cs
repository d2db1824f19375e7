using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>A tenant's ticket: tenant-owned data that lives in the tenant's placement, never in the control plane.</summary>
public sealed class Ticket : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Title { get; set; }
}

/// <summary>The tenant data context: only tenant-owned tables, routed to each tenant's placement.</summary>
public sealed class PlacedTestDb(DbContextOptions<PlacedTestDb> options) : DbContext(options)
{
    public DbSet<Ticket> Tickets => Set<Ticket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Ticket>().ToTable("tickets");
        modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
    }
}
