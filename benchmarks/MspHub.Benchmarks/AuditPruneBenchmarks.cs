using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// <see cref="IAuditRetention.ApplyAsync"/> pruning a tenant's chain in a SQLite file: before each call, 10,000
/// records are added to the chain (a checkpoint signed every 1,000) and the clock moves two days on, past
/// <c>KeepFor</c>, so each call archives and deletes the records up to the last checkpoint (9,001 the first time,
/// 10,000 after): the JSON Lines archive written to a folder and hashed, the <c>AuditPruned</c> record with its
/// checkpoint, and the deletion, in one transaction. An iteration setup makes BenchmarkDotNet call it once per iteration.
/// </summary>
[MemoryDiagnoser]
public class AuditPruneBenchmarks
{
    private const int RecordsPerRun = 10_000;
    private readonly BenchClock _clock = new();
    private string _file = null!;
    private string _folder = null!;
    private ECDsa _key = null!;
    private ServiceProvider _services = null!;
    private Tenant _tenant = null!;

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Path.GetTempPath(), $"msphub-prune-bench-{Guid.NewGuid():N}.db");
        _folder = Path.Combine(Path.GetTempPath(), $"msphub-prune-bench-{Guid.NewGuid():N}");
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_clock);
        services.AddDbContext<AuditBenchDb>(o => o.UseSqlite($"Data Source={_file}"));
        services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<AuditBenchDb>()
            .AddAuditCheckpoints(o =>
            {
                o.KeyId = "bench";
                o.SigningKey = _key;
                o.EveryRecords = 1_000;
            })
            .AddAuditRetention(o =>
            {
                o.KeepFor = TimeSpan.FromDays(1);
                o.ArchiveFolder = _folder;
            }));
        _services = services.BuildServiceProvider();
        _tenant = Tenant.Create("bench", "Bench");
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditBenchDb>().Database.EnsureCreated();
        scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(_tenant).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void AddRecords()
    {
        using var scope = _services.CreateScope();
        var audit = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        scope.ServiceProvider.GetRequiredService<IAuditStore>().InTransactionAsync(async ct =>
        {
            for (var i = 0; i < RecordsPerRun; i++)
            {
                await audit.RecordAsync(new AuditEntry("bench.item.created", _tenant.Id) { TargetType = "item", TargetId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
            }

            return true;
        }).GetAwaiter().GetResult();
        _clock.Now += TimeSpan.FromDays(2);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _key.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "Archive and prune about 10,000 records, SQLite file")]
    public async Task<int> Prune()
    {
        await using var scope = _services.CreateAsyncScope();
        var archived = await scope.ServiceProvider.GetRequiredService<IAuditRetention>().ApplyAsync();
        var pruned = archived.Sum(a => (int)(a.Range.ToSequence - a.Range.FromSequence + 1));
        return pruned >= RecordsPerRun - 999 ? pruned : throw new InvalidOperationException($"Only {pruned} records were pruned.");
    }

    private sealed class BenchClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
