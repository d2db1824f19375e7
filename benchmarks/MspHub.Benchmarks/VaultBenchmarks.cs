using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Benchmarks;

/// <summary>
/// The vault in a SQLite file. Storing a secret (<see cref="ITenantVault.CreateAsync"/>: permission check, AES-256-GCM
/// under the tenant's data key, the metadata and version rows and the audit record in one transaction) against the
/// baseline, a plain insert of the same two rows in one transaction, with the value in clear: target at most 1.3×.
/// Revealing with a warm data key: the whole <see cref="ITenantVault.RevealAsync"/> (two reads, the decryption, the
/// audit record and the last-reveal update committed together), and its cryptographic part alone (the data-key cache
/// hit and the AES-256-GCM open): target at most 50 µs.
/// </summary>
[MemoryDiagnoser]
public class VaultBenchmarks
{
    private const string Value = "Server=db.example;User Id=backup;Password=correct-horse-battery-staple;";
    private string _file = null!;
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private IDisposable _tenantScope = null!;
    private VaultBenchDb _db = null!;
    private ITenantVault _vault = null!;
    private VaultDataKeys _keys = null!;
    private IVaultStore _store = null!;
    private VaultCaller _caller = null!;
    private Tenant _tenant = null!;
    private VaultSecretMetadata _secret = null!;
    private VaultCiphertext _ciphertext = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _file = Path.Combine(Path.GetTempPath(), $"msphub-vault-bench-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddDbContext<VaultBenchDb>(o => o.UseSqlite($"Data Source={_file}"));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<VaultBenchDb>().AddTenantVault(o =>
        {
            o.KeyEncryptionKeys["bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.CurrentKeyId = "bench";
        }));
        _services = services.BuildServiceProvider();
        _scope = _services.CreateScope();
        var provider = _scope.ServiceProvider;
        _db = provider.GetRequiredService<VaultBenchDb>();
        _db.Database.EnsureCreated();
        _tenant = Tenant.Create("bench", "Bench");
        provider.GetRequiredService<ITenantStore>().AddAsync(_tenant).GetAwaiter().GetResult();
        var admin = HubUser.Create("admin", SystemRole.MspAdmin);
        provider.GetRequiredService<IHubUserStore>().AddUserAsync(admin).GetAwaiter().GetResult();
        _caller = VaultCaller.User(admin.Id);
        _tenantScope = _services.GetRequiredService<ITenancy>().BeginScope(_tenant);
        _vault = provider.GetRequiredService<ITenantVault>();
        _keys = _services.GetRequiredService<VaultDataKeys>();
        _store = provider.GetRequiredService<IVaultStore>();
        _secret = _vault.CreateAsync(_caller, new VaultSecretDraft { Name = "revealed", Kind = "connection-string", Value = Value }).GetAwaiter().GetResult();
        _ciphertext = _store.FindVersionAsync(_tenant.Id, _secret.Id, 1).GetAwaiter().GetResult()!;
        _vault.RevealAsync(_caller, _secret.Id).GetAwaiter().GetResult(); // warms the data key and the permission cache
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tenantScope.Dispose();
        _scope.Dispose();
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-journal" })
        {
            File.Delete(file);
        }
    }

    [Benchmark(Baseline = true, Description = "Plain insert: metadata + clear value rows, one transaction")]
    public async Task PlainInsert()
    {
        var id = Guid.CreateVersion7();
        _db.Plain.Add(new VaultBenchPlain { Id = id, Name = Name(), Kind = "connection-string", CreatedAt = DateTimeOffset.UtcNow });
        _db.PlainValues.Add(new VaultBenchPlainValue { SecretId = id, Version = 1, Value = System.Text.Encoding.UTF8.GetBytes(Value), CreatedAt = DateTimeOffset.UtcNow });
        await _db.SaveChangesAsync();
        _db.ChangeTracker.Clear();
    }

    [Benchmark(Description = "Store: CreateAsync (encrypt, both rows, audit record, one transaction)")]
    public Task<VaultSecretMetadata> Store() => _vault.CreateAsync(_caller, new VaultSecretDraft { Name = Name(), Kind = "connection-string", Value = Value });

    [Benchmark(Description = "Reveal, warm data key: RevealAsync (reads, decrypt, audit record)")]
    public Task<RevealedSecret> Reveal() => _vault.RevealAsync(_caller, _secret.Id);

    [Benchmark(Description = "Reveal, warm data key: cache hit + AES-256-GCM open only")]
    public async Task<string> Decrypt()
    {
        using var key = (await _keys.FindAsync(_store, _tenant.Id, default))!;
        return VaultCipher.Open(key.Bytes, _tenant.Id, _secret.Id, _ciphertext);
    }

    private string Name() => $"secret-{Interlocked.Increment(ref _next)}";
}

internal sealed class VaultBenchDb(DbContextOptions<VaultBenchDb> options) : DbContext(options)
{
    public DbSet<VaultBenchPlain> Plain => Set<VaultBenchPlain>();

    public DbSet<VaultBenchPlainValue> PlainValues => Set<VaultBenchPlainValue>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<VaultBenchPlain>().ToTable("plain_secrets").HasTenantUniqueIndex(p => p.Name);
        modelBuilder.Entity<VaultBenchPlainValue>().ToTable("plain_secret_values").HasKey(v => new { v.SecretId, v.Version });
        modelBuilder.ApplyMspHub(this);
    }
}

/// <summary>The baseline's metadata row: what a host would store for a secret without a vault.</summary>
internal sealed class VaultBenchPlain : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The baseline's value row, in clear.</summary>
internal sealed class VaultBenchPlainValue : ITenantOwned
{
    public Guid SecretId { get; set; }

    public Guid TenantId { get; set; }

    public int Version { get; set; }

    public required byte[] Value { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
