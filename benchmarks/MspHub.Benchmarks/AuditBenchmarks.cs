using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// One tenant-owned row inserted in its own transaction on PostgreSQL, with and without its audit record in that
/// transaction (the chain head locked, the record hashed and inserted, the head updated). Target: at most 1.2× the
/// plain transaction; one row also signs a checkpoint every 100 records. Two reference rows give the floor any design pays for one more row in that transaction: in a
/// statement of its own, and in the same round trip as the insert. Needs MSPHUB_BENCH_POSTGRES (a role that may
/// create databases).
/// </summary>
[MemoryDiagnoser]
public class AuditAppendBenchmarks
{
    private string _database = null!;
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private IDisposable _tenantScope = null!;
    private AuditBenchDb _db = null!;
    private IAuditLog _audit = null!;
    private Tenant _tenant = null!;
    private ServiceProvider _checkpointed = null!;
    private IServiceScope _checkpointedScope = null!;
    private AuditBenchDb _checkpointedDb = null!;
    private IAuditLog _checkpointedAudit = null!;
    private Tenant _checkpointedTenant = null!;
    private ECDsa _checkpointKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_database, var connectionString) = BenchmarkPostgres.Create();
        _tenant = Tenant.Create("bench", "Bench");
        (_services, _scope, _db, _audit) = Start(connectionString, _tenant, _ => { }, create: true);
        _tenantScope = _services.GetRequiredService<ITenancy>().BeginScope(_tenant);

        // The same database, another tenant's chain, with a checkpoint signed every 100 records.
        _checkpointKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _checkpointedTenant = Tenant.Create("checkpointed", "Checkpointed");
        (_checkpointed, _checkpointedScope, _checkpointedDb, _checkpointedAudit) = Start(
            connectionString,
            _checkpointedTenant,
            hub => hub.AddAuditCheckpoints(o =>
            {
                o.KeyId = "bench";
                o.SigningKey = _checkpointKey;
                o.EveryRecords = 100;
            }),
            create: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tenantScope.Dispose();
        _scope.Dispose();
        _services.Dispose();
        _checkpointedScope.Dispose();
        _checkpointed.Dispose();
        _checkpointKey.Dispose();
        BenchmarkPostgres.Drop(_database);
    }

    [Benchmark(Baseline = true, Description = "Insert in a transaction")]
    public Task Plain() => InsertAsync(record: false);

    [Benchmark(Description = "Insert + its audit record in the same transaction")]
    public Task Recorded() => InsertAsync(record: true);

    [Benchmark(Description = "Insert + its audit record, a signed checkpoint every 100 records")]
    public async Task RecordedWithCheckpoints()
    {
        using var tenantScope = _checkpointed.GetRequiredService<ITenancy>().BeginScope(_checkpointedTenant);
        await InsertAsync(_checkpointedDb, _checkpointedAudit, _checkpointedTenant, record: true);
    }

    /// <summary>
    /// What any record written by a statement of its own costs at least, whatever it holds: a second plain row, saved
    /// by a second SaveChanges in the same transaction.
    /// </summary>
    [Benchmark(Description = "Floor: insert + a second plain row in a statement of its own")]
    public async Task SecondStatement()
    {
        await using var transaction = await _db.Database.BeginTransactionAsync();
        _db.Items.Add(new AuditBenchItem { Name = "item" });
        await _db.SaveChangesAsync();
        _db.Items.Add(new AuditBenchItem { Name = "record" });
        await _db.SaveChangesAsync();
        await transaction.CommitAsync();
        _db.ChangeTracker.Clear();
    }

    /// <summary>What a record sent in the host's own round trip would cost at least: two plain rows in one SaveChanges.</summary>
    [Benchmark(Description = "Floor: insert + a second plain row in the same round trip")]
    public async Task SameRoundTrip()
    {
        await using var transaction = await _db.Database.BeginTransactionAsync();
        _db.Items.AddRange(new AuditBenchItem { Name = "item" }, new AuditBenchItem { Name = "record" });
        await _db.SaveChangesAsync();
        await transaction.CommitAsync();
        _db.ChangeTracker.Clear();
    }

    private Task InsertAsync(bool record) => InsertAsync(_db, _audit, _tenant, record);

    private static async Task InsertAsync(AuditBenchDb db, IAuditLog audit, Tenant tenant, bool record)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        var item = new AuditBenchItem { Name = "item" };
        db.Items.Add(item);
        await db.SaveChangesAsync();
        if (record)
        {
            await audit.RecordAsync(new AuditEntry("bench.item.created", tenant.Id) { TargetType = "item", TargetId = item.Id.ToString() });
        }

        await transaction.CommitAsync();
        db.ChangeTracker.Clear();
    }

    private static (ServiceProvider, IServiceScope, AuditBenchDb, IAuditLog) Start(
        string connectionString, Tenant tenant, Action<MspHubBuilder> configure, bool create)
    {
        var services = new ServiceCollection();
        services.AddDbContext<AuditBenchDb>(o => o.UseNpgsql(connectionString));
        services.AddMspHub(hub => configure(hub.AddEntityFrameworkStores<AuditBenchDb>()));
        var provider = services.BuildServiceProvider();
        var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditBenchDb>();
        if (create)
        {
            db.Database.EnsureCreated();
        }

        scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant).GetAwaiter().GetResult();
        return (provider, scope, db, scope.ServiceProvider.GetRequiredService<IAuditLog>());
    }
}

/// <summary>
/// <see cref="IAuditLog.VerifyAsync"/> over a whole chain of 100,000 records, in memory, in a SQLite file and on
/// PostgreSQL (that row needs MSPHUB_BENCH_POSTGRES), and the offline verifier (<see cref="AuditExportVerifier"/>, what
/// <c>msphub audit verify</c> runs) over the same chain exported as JSON Lines; the time shown is per record
/// (OperationsPerInvoke). Target: at least 200,000 records a second (at most 5 µs a record).
/// </summary>
[MemoryDiagnoser]
public class AuditVerifyBenchmarks
{
    private const int Records = 100_000;
    private readonly List<IDisposable> _owned = [];
    private IAuditLog _inMemory = null!;
    private IAuditLog _sqlite = null!;
    private IAuditLog _postgres = null!;
    private string? _postgresDatabase;
    private Tenant _tenant = null!;
    private byte[] _export = [];

    [GlobalSetup]
    public void Setup()
    {
        _tenant = Tenant.Create("bench", "Bench");
        var admin = HubUser.Create("admin", SystemRole.MspAdmin);
        _inMemory = Seed(new ServiceCollection().AddMspHub(hub => hub.AddInMemoryTenantStore(_tenant).AddInMemoryAccessStore()).Services, reader: admin);
        _export = Export(admin);

        var file = Path.Combine(Path.GetTempPath(), $"msphub-audit-bench-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddDbContext<AuditBenchDb>(o => o.UseSqlite($"Data Source={file}"));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<AuditBenchDb>());
        _sqlite = Seed(services, db => db.Database.EnsureCreated());
    }

    // Only the PostgreSQL row seeds a chain there, so the other rows run without a server.
    [GlobalSetup(Target = nameof(Postgres))]
    public void SetupPostgres()
    {
        _tenant = Tenant.Create("bench", "Bench");
        (_postgresDatabase, var connectionString) = BenchmarkPostgres.Create();
        var services = new ServiceCollection();
        services.AddDbContext<AuditBenchDb>(o => o.UseNpgsql(connectionString));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<AuditBenchDb>());
        _postgres = Seed(services, db => db.Database.EnsureCreated());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            BenchmarkPostgres.Drop(_postgresDatabase);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "Verify 100,000 records, in memory")]
    public Task<AuditVerification> InMemory() => _inMemory.VerifyAsync(_tenant.Id);

    [Benchmark(OperationsPerInvoke = Records, Description = "Verify 100,000 records, SQLite file")]
    public Task<AuditVerification> Sqlite() => _sqlite.VerifyAsync(_tenant.Id);

    [Benchmark(OperationsPerInvoke = Records, Description = "Verify 100,000 records, PostgreSQL")]
    public Task<AuditVerification> Postgres() => _postgres.VerifyAsync(_tenant.Id);

    [Benchmark(OperationsPerInvoke = Records, Description = "Verify a JSON Lines export of 100,000 records, offline")]
    public Task<AuditExportVerification> Export() => AuditExportVerifier.VerifyAsync(new MemoryStream(_export, writable: false), []);

    // The in-memory chain as `msphub audit verify` gets it, held in memory so the benchmark reads no disk.
    private byte[] Export(HubUser admin)
    {
        using var export = new MemoryStream();
        _inMemory.ExportAsync(new AuditExport { TenantId = _tenant.Id, Format = AuditExportFormat.JsonLines }, AuditReader.User(admin.Id), export).GetAwaiter().GetResult();
        var bytes = export.ToArray();
        if (!AuditExportVerifier.VerifyAsync(new MemoryStream(bytes), []).GetAwaiter().GetResult().IsIntact)
        {
            throw new InvalidOperationException("The exported chain does not verify.");
        }

        return bytes;
    }

    private IAuditLog Seed(IServiceCollection services, Action<AuditBenchDb>? create = null, HubUser? reader = null)
    {
        var provider = services.BuildServiceProvider();
        var scope = provider.CreateScope();
        _owned.Add(provider);
        _owned.Add(scope);
        if (reader is not null)
        {
            scope.ServiceProvider.GetRequiredService<IHubUserStore>().AddUserAsync(reader).GetAwaiter().GetResult();
        }

        if (create is not null)
        {
            var db = scope.ServiceProvider.GetRequiredService<AuditBenchDb>();
            create(db);
            scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(_tenant).GetAwaiter().GetResult();
        }

        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var store = scope.ServiceProvider.GetRequiredService<IAuditStore>();
        store.InTransactionAsync(async ct =>
        {
            for (var i = 0; i < Records; i++)
            {
                await audit.RecordAsync(new AuditEntry("bench.item.created", _tenant.Id) { TargetType = "item", TargetId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
            }

            return true;
        }).GetAwaiter().GetResult();
        if (!audit.VerifyAsync(_tenant.Id).GetAwaiter().GetResult().IsIntact)
        {
            throw new InvalidOperationException("The seeded chain does not verify.");
        }

        return audit;
    }
}

/// <summary>
/// Reading one page of 50, newest first, from a chain of 1,000,000 records in a SQLite file, by each filter
/// <see cref="AuditQuery"/> offers; every filter leads with the chain id, so each is a range scan of one index.
/// </summary>
[MemoryDiagnoser]
public class AuditQueryBenchmarks
{
    private AuditBenchChain _chain = null!;

    [GlobalSetup]
    public void Setup() => _chain = AuditBenchChain.Create(1_000_000);

    [GlobalCleanup]
    public void Cleanup() => _chain.Dispose();

    [Benchmark(Baseline = true, Description = "Newest 50 of the chain")]
    public Task<AuditPage> Newest() => QueryAsync(new AuditQuery { TenantId = _chain.Tenant.Id });

    [Benchmark(Description = "Newest 50 of one action (1 in 100)")]
    public Task<AuditPage> ByAction() => QueryAsync(new AuditQuery { TenantId = _chain.Tenant.Id, Action = "bench.item.7" });

    [Benchmark(Description = "Newest 50 of one actor (1 in 1,000)")]
    public Task<AuditPage> ByActor() => QueryAsync(new AuditQuery { TenantId = _chain.Tenant.Id, ActorId = AuditBenchChain.Actor });

    [Benchmark(Description = "All records of one target (1 in 10,000)")]
    public Task<AuditPage> ByTarget() => QueryAsync(new AuditQuery { TenantId = _chain.Tenant.Id, TargetType = "item", TargetId = "4242" });

    [Benchmark(Description = "A page from the middle (before record 500,000)")]
    public Task<AuditPage> Middle() => QueryAsync(new AuditQuery { TenantId = _chain.Tenant.Id, BeforeSequence = 500_000 });

    private Task<AuditPage> QueryAsync(AuditQuery query) => _chain.Audit.QueryAsync(query, _chain.Admin.Id);
}

/// <summary>
/// Exporting a whole chain of 1,000,000 records from a SQLite file to a stream that discards it, as JSON Lines and as
/// OSCAL, against reading the same records through the store without writing them. The export streams: memory held
/// stays that of one record and the writer's buffer, which the Gen1/Gen2 columns show (collections that promote
/// survivors would mean records piling up).
/// </summary>
[MemoryDiagnoser]
public class AuditExportBenchmarks
{
    private AuditBenchChain _chain = null!;

    [GlobalSetup]
    public void Setup() => _chain = AuditBenchChain.Create(1_000_000);

    [GlobalCleanup]
    public void Cleanup() => _chain.Dispose();

    [Benchmark(Baseline = true, Description = "Read 1,000,000 records (no export)")]
    public async Task<long> Read()
    {
        long count = 0;
        await foreach (var _ in _chain.Store.ReadAsync(_chain.Tenant.Id, 1, null))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "Export 1,000,000 records as JSON Lines")]
    public Task<AuditExportSummary> JsonLines() => ExportAsync(AuditExportFormat.JsonLines);

    [Benchmark(Description = "Export 1,000,000 records as OSCAL")]
    public Task<AuditExportSummary> Oscal() => ExportAsync(AuditExportFormat.OscalAssessmentResults);

    private Task<AuditExportSummary> ExportAsync(AuditExportFormat format) =>
        _chain.Audit.ExportAsync(new AuditExport { TenantId = _chain.Tenant.Id, Format = format }, AuditReader.User(_chain.Admin.Id), Stream.Null);
}

/// <summary>
/// A SQLite file holding one tenant's chain of many records and an MSP admin to read it. The rows are copies of one
/// record with their sequence, time, action and target varied by SQL: reading, querying and exporting do not check
/// hashes.
/// </summary>
internal sealed class AuditBenchChain : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly string _file;

    private AuditBenchChain(ServiceProvider services, IServiceScope scope, string file, Tenant tenant, HubUser admin)
    {
        (_services, _scope, _file, Tenant, Admin) = (services, scope, file, tenant, admin);
        Audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        Store = scope.ServiceProvider.GetRequiredService<IAuditStore>();
    }

    /// <summary>The actor of one record in 1,000.</summary>
    public static Guid Actor { get; } = Guid.Parse("0198f3c4-0000-7000-8000-00000000beef");

    public Tenant Tenant { get; }

    public HubUser Admin { get; }

    public IAuditLog Audit { get; }

    public IAuditStore Store { get; }

    public static AuditBenchChain Create(int records)
    {
        var file = Path.Combine(Path.GetTempPath(), $"msphub-audit-bench-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddDbContext<AuditBenchDb>(o => o.UseSqlite($"Data Source={file}"));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<AuditBenchDb>());
        var provider = services.BuildServiceProvider();
        var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditBenchDb>();
        db.Database.EnsureCreated();
        var tenant = Tenant.Create("bench", "Bench");
        var admin = HubUser.Create("admin", SystemRole.MspAdmin);
        scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant).GetAwaiter().GetResult();
        scope.ServiceProvider.GetRequiredService<IHubUserStore>().AddUserAsync(admin).GetAwaiter().GetResult();
        var chain = new AuditBenchChain(provider, scope, file, tenant, admin);
        chain.Audit.RecordAsync(new AuditEntry("bench.item.0", tenant.Id) { Actor = AuditActor.User(Guid.Empty), TargetType = "item", TargetId = "0" }).GetAwaiter().GetResult();

        // Copies of record 1: one action in 100, one actor in 1,000, one target in 10,000.
        var copies = $"""
            WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < {records})
            INSERT INTO audit_records (chain_id, sequence, occurred_at, actor_kind, actor_id, action, target_type, target_id, outcome, reason, correlation_id, trace_id, detail, previous_hash, hash)
            SELECT r.chain_id, n.i, r.occurred_at + n.i, r.actor_kind,
                   CASE WHEN n.i % 1000 = 0 THEN '{Actor.ToString().ToUpperInvariant()}' ELSE r.actor_id END,
                   'bench.item.' || (n.i % 100), r.target_type, CAST(n.i % 10000 AS TEXT), r.outcome, r.reason, r.correlation_id, r.trace_id, r.detail, r.previous_hash, r.hash
            FROM n, audit_records r WHERE r.sequence = 1;
            UPDATE audit_chain_heads SET sequence = {records};
            """;
        db.Database.ExecuteSqlRaw(copies);
        return chain;
    }

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}

public sealed class AuditBenchItem : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }
}

internal sealed class AuditBenchDb(DbContextOptions<AuditBenchDb> options) : DbContext(options)
{
    public DbSet<AuditBenchItem> Items => Set<AuditBenchItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditBenchItem>().ToTable("items");
        modelBuilder.ApplyMspHub(this);
    }
}
