using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MspHub.EntityFramework;

namespace MspHub.Tool;

/// <summary>
/// The model <see cref="PostgresRowLevelSecurity.CheckPostureAsync"/> reads its table list from, without the
/// host's own DbContext: MspHub's own tables as <c>ApplyMspHub</c> maps them (moved to another schema when the
/// host moved them), plus each host table named on the command line as a tenant-owned table. The posture
/// check reads only the catalogue, so a host table needs its name here, not its columns.
/// </summary>
internal sealed class PostureContext(DbContextOptions<PostureContext> options, PostureTables tables) : DbContext(options)
{
    /// <summary>What the model is built from; the model cache is keyed on it.</summary>
    public PostureTables Tables { get; } = tables;

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        foreach (var table in Tables.HostTables)
        {
            modelBuilder.SharedTypeEntity<HostTenantRow>(table.Qualified).ToTable(table.Name, table.Schema).HasKey(r => r.Id);
        }

        var hostTypes = modelBuilder.Model.GetEntityTypes().ToHashSet();
        modelBuilder.ApplyMspHub(this);
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
        public object Create(DbContext context, bool designTime) => (((PostureContext)context).Tables.Key, designTime);
    }
}

/// <summary>A host table's row, as far as the posture check needs it: a key, and the tenant id that makes it tenant-owned.</summary>
internal sealed class HostTenantRow : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }
}

/// <summary>A table as typed on the command line: <c>automs</c> or <c>app.automs</c>.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Schema">Its schema, or <see langword="null"/> for the connection's search path.</param>
internal sealed record TableName(string Name, string? Schema)
{
    /// <summary>The name with its schema, as typed and as the posture reports it.</summary>
    public string Qualified => Schema is null ? Name : $"{Schema}.{Name}";

    /// <summary>Reads <c>[schema.]table</c>.</summary>
    /// <exception cref="UsageException">It has more than one dot or an empty part.</exception>
    public static TableName Parse(string text) => text.Split('.') switch
    {
        [{ Length: > 0 } name] => new(name, null),
        [{ Length: > 0 } schema, { Length: > 0 } name] => new(name, schema),
        _ => throw new UsageException($"--table '{text}' is not <table> or <schema>.<table>."),
    };
}

/// <summary>The tables to check: the host's tenant-owned ones, and where MspHub's own tables live.</summary>
/// <param name="HostTables">The host's tenant-owned tables.</param>
/// <param name="MspHubSchema">The schema of MspHub's own tables, or <see langword="null"/> for where <c>ApplyMspHub</c> puts them.</param>
internal sealed record PostureTables(IReadOnlyList<TableName> HostTables, string? MspHubSchema)
{
    /// <summary>A value equal for equal table lists, for the model cache.</summary>
    public string Key => $"{MspHubSchema}|{string.Join('|', HostTables.Select(t => t.Qualified))}";
}
