using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using MspHub.EntityFramework;

namespace MspHub.AspNetCore.Tests.Docs.DataIsolation;

/// <summary>A second context over the same database, as docs/data-isolation.md#other-dbcontexts describes.</summary>
public sealed class ReportsDb(DbContextOptions<ReportsDb> options) : DbContext(options)
{
    public DbSet<Report> Reports => Set<Report>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
}

public sealed class Report : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Title { get; set; }
}

/// <summary>A type from another library: it cannot implement <see cref="ITenantOwned"/> and declares no tenant id.</summary>
public sealed class Invoice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Number { get; set; }
}

public sealed class Document : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Folder { get; set; }
    public required string Name { get; set; }
}

/// <summary>The one-line model fragments of docs/data-isolation.md, each in the model it belongs to.</summary>
public sealed class FragmentsDb(DbContextOptions<FragmentsDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // docs: data-isolation.md#istenantowned
        modelBuilder.Entity<VaultSecret>().IsTenantOwned("OrganizationId");
        modelBuilder.Entity<Invoice>().IsTenantOwned();      // Invoice from another library: "TenantId", shadow if not declared
        // end docs

        var autom = modelBuilder.Entity<Autom>();
        var document = modelBuilder.Entity<Document>();
        // docs: data-isolation.md#unique-values-per-tenant-hastenantuniqueindex
        autom.HasTenantUniqueIndex(a => a.Name);                        // unique (TenantId, Name)
        document.HasTenantUniqueIndex(d => new { d.Folder, d.Name });   // unique (TenantId, Folder, Name)
        // end docs
        // docs: data-isolation.md#references-between-tenant-owned-entities plain
        autom.HasMany(a => a.Steps).WithOne(s => s.Autom).HasForeignKey(s => s.AutomId).HasPlainForeignKey();
        // end docs
        // docs: data-isolation.md#your-own-query-filters named
        autom.HasQueryFilter("SoftDelete", a => !a.IsDeleted);
        // end docs

        modelBuilder.ApplyMspHub(this);
    }
}

/// <summary>The migration of docs/data-isolation.md#postgresql-with-row-level-security, its tables left out.</summary>
public sealed class EnableRowLevelSecurityMigration : Migration
{
    // docs: data-isolation.md#postgresql-with-row-level-security migration
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // ... CreateTable("Automs", ...) and MspHub's tables ...
        migrationBuilder.EnableTenantRowLevelSecurity("Automs", "TenantId");
        migrationBuilder.EnableTenantRowLevelSecurity("Secrets", "OrganizationId");
        migrationBuilder.EnableMspHubRowLevelSecurity();
    }
    // end docs
}
