using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>A note on the work: the table the second migration adds, as a later release of the host would.</summary>
public sealed class WorkNote : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Text { get; set; }
}

/// <summary>A tenant data context that has migrations, written by hand below, as a host's fleet would.</summary>
public sealed class FleetTestDb(DbContextOptions<FleetTestDb> options) : DbContext(options)
{
    /// <summary>Work orders, the first migration's table, with the tickets' shape.</summary>
    public DbSet<Ticket> WorkOrders => Set<Ticket>();

    public DbSet<WorkNote> WorkNotes => Set<WorkNote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Ticket>().ToTable("work_orders");
        modelBuilder.Entity<WorkNote>().ToTable("work_notes");
        modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
    }
}
