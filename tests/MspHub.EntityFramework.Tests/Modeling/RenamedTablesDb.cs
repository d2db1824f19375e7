using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework.Tests.Modeling;

/// <summary>A host note, counted toward the <c>notes</c> quota.</summary>
public sealed class Note : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Text { get; set; } = "";
}

/// <summary>
/// A host whose naming rule, applied after <c>ApplyMspHub</c> through EF Core's public model API, renames every table,
/// MspHub's included, and their columns, and on PostgreSQL moves them all into a schema of its own; the names
/// MspHub maps its tables to are then nowhere in the database.
/// </summary>
public sealed class RenamedTablesDb(DbContextOptions<RenamedTablesDb> options) : DbContext(options)
{
    public const string Prefix = "app_";

    public const string Schema = "hub";

    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Note>().ToTable("notes").CountsTowardQuota("notes");
        modelBuilder.ApplyMspHub(this);

        // Types sharing a table with their owner or base type follow it. An index filter or a check constraint is SQL
        // text EF Core cannot rename in, so a rule renaming columns would have to rewrite it; this one leaves the
        // columns of such a table alone.
        var postgres = !Database.IsSqlite();
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => e.FindOwnership() is null && e.BaseType is null).ToList())
        {
            entityType.SetTableName(Prefix + entityType.GetTableName());
            entityType.SetSchema(postgres ? Schema : null);
            foreach (var property in entityType.GetIndexes().Any(i => i.GetFilter() is not null) || entityType.GetCheckConstraints().Any() ? [] : entityType.GetProperties())
            {
                property.SetColumnName(Prefix + property.GetColumnName());
            }
        }
    }
}
