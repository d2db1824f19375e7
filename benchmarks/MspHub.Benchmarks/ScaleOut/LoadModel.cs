using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>A tenant's ticket in the scale-out load: tenant-owned data that lives in the tenant's placement.</summary>
internal sealed class LoadTicket : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Title { get; set; }
}

/// <summary>The control plane of the scale-out load: MspHub's tables, placements included.</summary>
internal sealed class LoadControlDb(DbContextOptions<LoadControlDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
}

/// <summary>The tenant data of the scale-out load, routed to each tenant's placement.</summary>
internal sealed class LoadDataDb(DbContextOptions<LoadDataDb> options) : DbContext(options)
{
    public DbSet<LoadTicket> Tickets => Set<LoadTicket>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LoadTicket>().ToTable("load_tickets");
        modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
    }
}

/// <summary>Places tenants on the first server only (the one-server baseline) or spread by tenant id over all of them.</summary>
internal sealed class LoadPlacementPolicy : IPlacementPolicy
{
    public bool Spread { get; set; }

    public ValueTask<string> ChooseServerAsync(Guid tenantId, PlacementKind kind, IReadOnlyList<PlacementServerLoad> servers, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Spread ? servers[(int)((uint)tenantId.GetHashCode() % (uint)servers.Count)].Server : servers[0].Server);
}
