using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// Deleting a tenant archives its chain and certifies the deletion on the MSP chain, signed at once: the certificate's
/// archive hash matches the archived file, its final head the archive's last record, and both chains still verify.
/// </summary>
public abstract class TenantDeletionCertificateSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-deletion");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "msphub-archive-" + Guid.NewGuid().ToString("N"));
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await CreateHubAsync(o => o.ArchiveFolder = _folder);

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [DatabaseFact]
    public async Task Archive_the_chain_and_certify_the_deletion_with_a_signed_record()
    {
        var doomed = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        await _hub.AddAutomAsync(doomed, "backup", "snapshot", "upload");
        await RecordInAsync(doomed);
        var chain = await _hub.AuditRecordsAsync(doomed.Id);

        var (tenant, archiveFolder, ct) = (doomed, _folder, CancellationToken.None);
        await using var scope = _hub.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ITenantLifecycle>();

        // docs: audit.md#deletion-certificates
        var report = await lifecycle.DeleteAsync(tenant.Id, confirmSlug: tenant.Slug, ct);
        var certificate = report.Certificate!;
        await using var archive = File.OpenRead(Path.Combine(archiveFolder, certificate.Detail["archive"]));
        var archiveMatches = Convert.ToHexStringLower(await SHA256.HashDataAsync(archive, ct)) == certificate.Detail["archive-sha256"];
        // end docs

        Assert.True(archiveMatches);
        Assert.Equal((AuditActions.TenantDeletionCertified, doomed.Id.ToString(), "doomed"), (certificate.Action, certificate.TargetId, certificate.Detail["slug"]));
        Assert.Contains(await _hub.AuditRecordsAsync(null), r => (r.Sequence, r.Hash) == (certificate.Sequence, certificate.Hash));
        Assert.Equal(report.RowsDeleted.Values.Sum().ToString(CultureInfo.InvariantCulture), certificate.Detail["rows"]);
        Assert.Equal(
            report.RowsDeleted.Select(r => $"{r.Key}={r.Value.ToString(CultureInfo.InvariantCulture)}").Order(StringComparer.Ordinal),
            certificate.Detail.Where(d => d.Key.StartsWith("rows.", StringComparison.Ordinal)).Select(d => d.Value).Order(StringComparer.Ordinal));

        // The archive is the file the certificate names, byte for byte, and ends at the head the certificate names.
        var file = Path.Combine(_folder, certificate.Detail["archive"]);
        Assert.Equal(certificate.Detail["archive-sha256"], Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));
        var last = (await File.ReadAllLinesAsync(file)).Select(l => JsonDocument.Parse(l).RootElement).Last(l => l.GetProperty("type").GetString() == "record");
        Assert.Equal((certificate.Detail["final-sequence"], certificate.Detail["final-hash"]), (last.GetProperty("sequence").GetInt64().ToString(CultureInfo.InvariantCulture), last.GetProperty("hash").GetString()));
        Assert.Equal((chain[^1].Sequence, chain[^1].Hash), (last.GetProperty("sequence").GetInt64(), last.GetProperty("hash").GetString()));
        Assert.Equal($"1-{chain[^1].Sequence}", certificate.Detail["archive-range"]);
        await using (var stream = File.OpenRead(file))
        {
            var offline = await AuditExportVerifier.VerifyAsync(stream, [_key.PublicKeyPem]);
            Assert.True(offline.IsIntact, offline.Message);
            Assert.Equal(chain.Count, offline.RecordsChecked);
        }

        Assert.Contains(await CheckpointsAsync(null), c => c.ToSequence == certificate.Sequence && c.HeadHash == certificate.Hash);
        var msp = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(null));
        Assert.True(msp.IsIntact, msp.Message);
        Assert.True((await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(doomed.Id))).IsIntact);
    }

    [DatabaseFact]
    public async Task Certify_without_an_archive_when_none_is_configured()
    {
        await _hub.DisposeAsync();
        _hub = await CreateHubAsync(_ => { });
        var doomed = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        await RecordInAsync(doomed);
        var chain = await _hub.AuditRecordsAsync(doomed.Id);

        var report = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, "doomed"));

        var certificate = report.Certificate!;
        Assert.DoesNotContain(certificate.Detail.Keys, k => k.StartsWith("archive", StringComparison.Ordinal));
        Assert.Equal((chain[^1].Sequence.ToString(CultureInfo.InvariantCulture), chain[^1].Hash), (certificate.Detail["final-sequence"], certificate.Detail["final-hash"]));
        Assert.False(Directory.Exists(_folder));
        Assert.Contains(await CheckpointsAsync(null), c => c.ToSequence == certificate.Sequence);
        var msp = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(null));
        Assert.True(msp.IsIntact, msp.Message);
    }

    [DatabaseFact]
    public async Task Vouch_for_a_deleted_tenants_unsigned_tail_only_with_a_certificate_signed_in_its_append()
    {
        var clock = TestClock.Create();
        await _hub.DisposeAsync();
        _hub = await CreateHubAsync(_ => { }, clock: clock);
        var doomed = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        var other = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("other", "Other"));
        foreach (var tenant in new[] { doomed, other, doomed, other })
        {
            await RecordInAsync(tenant);                 // each chain signed at its first record only
        }

        await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, "doomed"));

        // A certificate for the live tenant, appended through the store by someone without the key, pinning its tail.
        var head = (await _hub.AuditRecordsAsync(other.Id))[^1];
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAuditStore>();
            return await store.InTransactionAsync(token => store.AppendAsync(
                new AuditRecord
                {
                    OccurredAt = clock.GetUtcNow(),
                    Actor = AuditActor.System,
                    Action = AuditActions.TenantDeletionCertified,
                    TargetType = "tenant",
                    TargetId = other.Id.ToString(),
                    Detail = new SortedList<string, string>(StringComparer.Ordinal)
                    {
                        ["final-sequence"] = head.Sequence.ToString(CultureInfo.InvariantCulture),
                        ["final-hash"] = head.Hash,
                    },
                },
                checkpoint: null,
                token));
        });
        clock.Advance(TimeSpan.FromDays(1));             // both tails are long overdue for a seal

        var deleted = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(doomed.Id));
        var forged = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(other.Id));

        Assert.True(deleted.IsIntact, deleted.Message);
        Assert.Equal(AuditChainProblem.CheckpointOverdue, forged.Problem);
        Assert.Contains("deletion certificate", forged.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Keep_the_tenant_when_its_chain_cannot_be_archived()
    {
        await _hub.DisposeAsync();
        _hub = await CreateHubAsync(_ => { }, new RefusingArchive());
        var doomed = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        await RecordInAsync(doomed);

        await Assert.ThrowsAsync<IOException>(() => WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, "doomed")));

        var kept = await WithAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindByIdAsync(doomed.Id));
        Assert.Equal(TenantStatus.Active, kept!.Status);
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(null), r => r.Action is AuditActions.TenantDeleted or AuditActions.TenantDeletionCertified);
    }

    private Task<TestHub> CreateHubAsync(Action<AuditRetentionOptions> retention, IAuditArchive? archive = null, TimeProvider? clock = null) =>
        TestHub.CreateAsync(provider, configure: hub =>
        {
            if (archive is not null)
            {
                hub.Services.AddSingleton(archive);
            }

            if (clock is not null)
            {
                hub.Services.AddSingleton(clock);
            }

            hub.AddAuditCheckpoints(_key.Signing(everyRecords: 100)).AddAuditRetention(retention);
        });

    private Task<AuditRecord?> RecordInAsync(Tenant tenant) =>
        WithAsync(sp => sp.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.autom.created", tenant.Id)));

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private async Task<List<AuditCheckpoint>> CheckpointsAsync(Guid? chain)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        var checkpoints = new List<AuditCheckpoint>();
        await foreach (var checkpoint in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadCheckpointsAsync(chain, 1, null))
        {
            checkpoints.Add(checkpoint);
        }

        return checkpoints;
    }

    private sealed class RefusingArchive : IAuditArchive
    {
        public Task<string> WriteAsync(AuditArchiveRange range, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default) =>
            throw new IOException("The archive's bucket refused the write.");
    }
}

public sealed class SqliteTenantDeletionCertificateShould() : TenantDeletionCertificateSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantDeletionCertificateShould() : TenantDeletionCertificateSuite(DatabaseProvider.Postgres);

/// <summary>A certificate stays within a record's detail limits however many tables a deletion touched.</summary>
public sealed class TenantDeletionCertificateShould
{
    [Fact]
    public async Task Name_the_largest_tables_and_sum_the_rest()
    {
        var rows = Enumerable.Range(1, 12).ToDictionary(i => $"app.Api_Keys_{i:D2}", i => i, StringComparer.Ordinal);
        var archive = new AuditArchived(new AuditArchiveRange(Guid.CreateVersion7(), 1, 9), "a.jsonl", new string('a', 64), new string('b', 64));

        var entry = TenantDeletionCertificate.For(Tenant.Create("doomed", "Doomed"), rows, 2, new AuditChainHead(null, 9, new string('b', 64)), archive, dataKeyDestroyed: true);

        Assert.Equal(AuditEntry.MaxDetailEntries, entry.Detail!.Count);
        Assert.Equal(Enumerable.Range(8, 5).Reverse().Select(i => $"app.Api_Keys_{i:D2}={i}"), Enumerable.Range(1, 5).Select(i => entry.Detail[$"rows.{i}"]));
        Assert.Equal("destroyed", entry.Detail["vault-data-key"]);

        // Table names that read like secrets (api_keys) are values, never keys, so the log takes the record.
        await using var services = new ServiceCollection().AddMspHub(hub => hub.AddInMemoryTenantStore()).Services.BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        Assert.Equal(AuditActions.TenantDeletionCertified, (await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(entry))!.Action);
        Assert.Equal((1 + 2 + 3 + 4 + 5 + 6 + 7).ToString(CultureInfo.InvariantCulture), entry.Detail["rows.other"]);
        Assert.Equal(("78", "12"), (entry.Detail["rows"], entry.Detail["tables"]));
    }
}
