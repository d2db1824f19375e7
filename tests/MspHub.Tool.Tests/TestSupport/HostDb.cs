using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.Tool.Tests;

/// <summary>A host's context as the tool meets it: one tenant-owned table of the host's own next to MspHub's tables.</summary>
public sealed class HostDb(DbContextOptions<HostDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Autom>().ToTable("automs");
        modelBuilder.ApplyMspHub(this);
    }
}

public sealed class Autom : ITenantOwned
{
    public Guid Id { get; set; }

    public required string Name { get; set; }
}
