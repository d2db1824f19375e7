using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;

namespace MspHub.AspNetCore.Tests.Owasp;

public sealed class Job : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }
}

public sealed class MatrixDb(DbContextOptions<MatrixDb> options) : DbContext(options)
{
    public DbSet<Job> Jobs => Set<Job>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Job>().ToTable("jobs");
        modelBuilder.ApplyMspHub(this);
    }
}
