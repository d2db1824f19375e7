using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MspHub.EntityFramework;

namespace MspHub.Tool;

/// <summary>
/// A DbContext over a host's database without the host's own DbContext: MspHub's own tables as <c>ApplyMspHub</c> maps
/// them (moved to another schema when the host moved them), plus each host table named on the command line as a
/// tenant-owned table. MspHub's EF Core stores (the audit export) need only MspHub's tables; the row-level security
/// posture check reads only the catalogue, so a host table needs its name here, not its columns.
/// </summary>
internal sealed class HubContext(DbContextOptions<HubContext> options, HubTables tables) : DbContext(options)
{
    /// <summary>What the model is built from; the model cache is keyed on it.</summary>
    public HubTables Tables { get; } = tables;

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        foreach (var table in Tables.HostTables)
        {
            modelBuilder.SharedTypeEntity<HostTenantRow>(table.Qualified).ToTable(table.Name, table.Schema).HasKey(r => r.Id);
        }

        var hostTypes = modelBuilder.Model.GetEntityTypes().ToHashSet();
        modelBuilder.ApplyMspHub(this, mapMspHubTables: Tables.MspHubTables);
        if (Tables.MspHubSchema is { } schema)
        {
            foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => !hostTypes.Contains(e) && !e.IsOwned()))
            {
                entityType.SetSchema(schema);
            }
        }
    }

    /// <summary>Builds one model per distinct table list, where EF Core would otherwise build one per context type.</summary>
    internal sealed class ModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (((HubContext)context).Tables.Key, designTime);
    }
}

/// <summary>A host table's row, as far as the posture check needs it: a key, and the tenant id that makes it tenant-owned.</summary>
internal sealed class HostTenantRow : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }
}
