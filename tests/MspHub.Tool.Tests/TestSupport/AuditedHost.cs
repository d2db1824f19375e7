using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Tool.Tests;

/// <summary>
/// A host that signs audit checkpoints every three records, over a database of its own (a SQLite file or a fresh
/// PostgreSQL database), with one tenant (<c>contoso</c>) and one MSP admin: what <c>msphub audit</c> is pointed at.
/// </summary>
public sealed class AuditedHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<ValueTask> _drop;

    private AuditedHost(string provider, string connectionString, TestAuditKey key, ServiceProvider services, Func<ValueTask> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Key = key;
        _services = services;
        _drop = drop;
    }

    /// <summary>The tool's --provider for this database.</summary>
    public string Provider { get; }

    /// <summary>The tool's --connection: the host's own connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The key the host signs checkpoints with.</summary>
    public TestAuditKey Key { get; }

    public Tenant Contoso { get; } = Tenant.Create("contoso", "Contoso Ltd");

    public HubUser MspAdmin { get; } = HubUser.Create("msp-admin", SystemRole.MspAdmin);

    public static async Task<AuditedHost> CreateAsync(string provider)
    {
        var (connectionString, drop) = provider == "sqlite" ? SqliteFile() : await PostgresAsync();
        var key = TestAuditKey.Create("audit-1");
        var services = new ServiceCollection().AddDbContext<HostDb>(o => Use(o, provider, connectionString));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<HostDb>().AddAuditCheckpoints(key.Signing(everyRecords: 3)));
        var host = new AuditedHost(provider, connectionString, key, services.BuildServiceProvider(), drop);
        await host.SeedAsync();
        return host;
    }

    /// <summary>Records <paramref name="count"/> entries in Contoso's chain, as the host's code would.</summary>
    public async Task RecordAsync(int count)
    {
        await using var scope = _services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        for (var i = 0; i < count; i++)
        {
            await audit.RecordAsync(new AuditEntry("sample.autom.created", Contoso.Id) { TargetType = "autom", TargetId = $"autom-{i}" });
        }
    }

    /// <summary>A chain's records as the host stores them.</summary>
    public async Task<List<AuditRecord>> RecordsAsync(Guid? tenantId)
    {
        await using var scope = _services.CreateAsyncScope();
        var records = new List<AuditRecord>();
        await foreach (var record in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAsync(tenantId, 1, null))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>Deletes records of Contoso's chain with plain SQL, behind the audit log's back.</summary>
    public Task DeleteRecordsAsync(long fromSequence, long toSequence) =>
        SqlAsync($"DELETE FROM {Table("audit_records")} WHERE {InContoso} AND \"sequence\" BETWEEN {fromSequence} AND {toSequence}");

    /// <summary>Moves the head of Contoso's chain back to <paramref name="record"/> with plain SQL, so the next append collides with a record.</summary>
    public Task MoveHeadBackAsync(AuditRecord record) =>
        SqlAsync($"UPDATE {Table("audit_chain_heads")} SET \"sequence\" = {record.Sequence}, \"hash\" = '{record.Hash}' WHERE {InContoso}");

    private string Table(string name) => Provider == "sqlite" ? $"\"{name}\"" : $"\"msphub\".\"{name}\"";

    // EF Core keeps a Guid as upper-case text on SQLite and as uuid on PostgreSQL.
    private string InContoso => Provider == "sqlite" ? $"\"chain_id\" = '{Contoso.Id.ToString().ToUpperInvariant()}'" : $"\"chain_id\" = '{Contoso.Id}'::uuid";

    private async Task SqlAsync(string sql)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HostDb>().Database.ExecuteSqlRawAsync(sql);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await _drop();
    }

    private async Task SeedAsync()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDb>();
            await db.Database.EnsureCreatedAsync();
            db.Add(Contoso);
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(MspAdmin);
        }
    }

    private static DbContextOptionsBuilder Use(DbContextOptionsBuilder options, string provider, string connectionString) =>
        provider == "sqlite" ? options.UseSqlite(connectionString) : options.UseNpgsql(connectionString);

    private static (string, Func<ValueTask>) SqliteFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"msphub-tool-test-{Guid.NewGuid():N}.db");
        return (new SqliteConnectionStringBuilder { DataSource = path }.ConnectionString, () =>
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return ValueTask.CompletedTask;
        });
    }

    private static async Task<(string, Func<ValueTask>)> PostgresAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        return (database.ConnectionString, database.DisposeAsync);
    }
}
