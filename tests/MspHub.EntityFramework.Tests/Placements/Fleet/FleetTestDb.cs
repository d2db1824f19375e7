using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>A work order: the first migration's table.</summary>
public sealed class WorkOrder : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Title { get; set; }
}

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
    public DbSet<WorkOrder> WorkOrders => Set<WorkOrder>();

    public DbSet<WorkNote> WorkNotes => Set<WorkNote>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkOrder>().ToTable("work_orders");
        modelBuilder.Entity<WorkNote>().ToTable("work_notes");
        modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
    }
}
