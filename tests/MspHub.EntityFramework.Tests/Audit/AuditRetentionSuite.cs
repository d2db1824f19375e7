using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// Retention on a real database: records older than the age are archived to a folder and pruned up to a signed
/// checkpoint, the rest still verifies from that anchor, the archive verifies offline, and a record deleted after the
/// anchor is still found. Checkpoints are signed at a chain's first record and every three records after.
/// </summary>
public abstract class AuditRetentionSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(30);
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-retention");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "msphub-archive-" + Guid.NewGuid().ToString("N"));
    private readonly FailingArchive _failing = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await CreateHubAsync(archive: null);

    // A host with retention into the folder, or into the archive given.
    private Task<TestHub> CreateHubAsync(IAuditArchive? archive) =>
        TestHub.CreateAsync(provider, configure: hub =>
        {
            hub.Services.AddSingleton<TimeProvider>(_clock);
            if (archive is not null)
            {
                hub.Services.AddSingleton(archive);
            }

            hub.AddAuditCheckpoints(_key.Signing(everyRecords: 3));
            hub.AddAuditRetention(o =>
            {
                o.KeepFor = KeepFor;
                o.ArchiveFolder = _folder;
            });
        });

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [DatabaseFact]
    public async Task Archive_and_prune_old_records_up_to_a_checkpoint_and_still_verify()
    {
        var old = await RecordAsync(5);                  // checkpoints sign records 1 and 4
        _clock.Advance(KeepFor + TimeSpan.FromDays(1));
        await RecordAsync(2);                            // 6 and 7 are young

        var archived = Assert.Single(await ApplyAsync());

        // Record 5 is old too, but no checkpoint ends there: the pruned range ends at the last signed record before it.
        Assert.Equal(new AuditArchiveRange(_hub.A.Id, 1, 4), archived.Range);
        Assert.Equal(old[3].Hash, archived.LastHash);
        var left = await _hub.AuditRecordsAsync(_hub.A.Id);
        Assert.Equal([5L, 6, 7, 8], left.Select(r => r.Sequence));
        var pruned = left[^1];
        Assert.Equal(AuditActions.AuditPruned, pruned.Action);
        Assert.Equal(("1", "4", old[3].Hash, archived.Sha256, archived.Location),
            (pruned.Detail["from-sequence"], pruned.Detail["to-sequence"], pruned.Detail["head-hash"], pruned.Detail["archive-sha256"], pruned.Detail["archive"]));
        Assert.Contains(await CheckpointsAsync(), c => c.ToSequence == pruned.Sequence);  // the anchor's record is signed at once

        var verification = await VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(4, verification.RecordsChecked);

        var file = Path.Combine(_folder, archived.Location);
        Assert.Equal(archived.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))));
        await using var stream = File.OpenRead(file);
        var offline = await AuditExportVerifier.VerifyAsync(stream, [_key.PublicKeyPem]);
        Assert.True(offline.IsIntact, offline.Message);
        Assert.Equal((4L, 4L), (offline.RecordsChecked, offline.SignedThroughSequence));
    }

    [DatabaseFact]
    public async Task Prune_again_from_where_the_last_prune_left_off()
    {
        await RecordAsync(5);
        _clock.Advance(KeepFor + TimeSpan.FromDays(1));
        Assert.Single(await ApplyAsync());               // 1 to 4; record 6 says so, signed
        await RecordAsync(3);                            // 7 to 9, a checkpoint at 9
        _clock.Advance(KeepFor + TimeSpan.FromDays(1));
        await RecordAsync(1);

        var archived = Assert.Single(await ApplyAsync());

        Assert.Equal(new AuditArchiveRange(_hub.A.Id, 5, 9), archived.Range);
        Assert.Equal([10L, 11], (await _hub.AuditRecordsAsync(_hub.A.Id)).Select(r => r.Sequence));
        var verification = await VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
        await using var stream = File.OpenRead(Path.Combine(_folder, archived.Location));
        Assert.True((await AuditExportVerifier.VerifyAsync(stream, [_key.PublicKeyPem])).IsIntact);
    }

    // A range starting among the pruned records would be checked only from the anchor on, and say nothing of the rest.
    [DatabaseFact]
    public async Task Refuse_a_range_that_starts_among_pruned_records_naming_the_first_record_kept_and_export_from_there()
    {
        await RecordAsync(5);
        _clock.Advance(KeepFor + TimeSpan.FromDays(1));
        await RecordAsync(2);
        Assert.Single(await ApplyAsync());               // 1 to 4; records 5 to 8 are kept
        await VerifyAsync();

        var partly = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VerifyAsync(2, 1000));
        var fromOne = await VerifyAsync(1, 1000);
        var fromKept = await VerifyAsync(5, null);

        Assert.Contains("start at 5", partly.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VerifyAsync(1, 3));
        Assert.True(fromOne.IsIntact, fromOne.Message);
        Assert.True(fromKept.IsIntact, fromKept.Message);
        Assert.Equal(fromOne.RecordsChecked, fromKept.RecordsChecked);

        // An export of the whole chain starts where the proven prune left it, and verifies.
        using var export = new MemoryStream();
        var admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
        await using (var scope = _hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(admin);
            var summary = await scope.ServiceProvider.GetRequiredService<IAuditLog>().ExportAsync(new AuditExport { TenantId = _hub.A.Id }, admin.Id, export);
            Assert.Equal(5L, summary.FirstSequence);
        }

        export.Position = 0;
        var offline = await AuditExportVerifier.VerifyAsync(export, [_key.PublicKeyPem]);
        Assert.True(offline.IsIntact, offline.Message);
    }

    [DatabaseFact]
    public async Task Still_find_records_deleted_after_the_anchor()
    {
        await RecordAsync(5);
        _clock.Advance(KeepFor + TimeSpan.FromDays(1));
        await RecordAsync(2);
        Assert.Single(await ApplyAsync());

        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} = 5");

        var verification = await VerifyAsync();
        Assert.Equal((AuditChainProblem.Missing, 5L), (verification.Problem, verification.FirstBadSequence));
    }

    [DatabaseFact]
    public async Task Find_a_pruned_record_rewritten_to_claim_more_was_pruned()
    {
        await RecordAsync(5);
        _clock.Advance(KeepFor + TimeSpan.FromDays(1));
        await RecordAsync(2);
        Assert.Single(await ApplyAsync());

        // Someone deletes record 5 too and edits the pruned record to say it went with the archive.
        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} = 5");
        await SqlAsync($"UPDATE {Records} SET {Column("detail")} = REPLACE({Column("detail")}, '\"to-sequence\":\"4\"', '\"to-sequence\":\"5\"') WHERE {InChainA} AND {Column("sequence")} = 8");

        Assert.False((await VerifyAsync()).IsIntact);
    }

    [DatabaseFact]
    public async Task Find_a_prune_recorded_by_someone_without_the_signing_key()
    {
        var records = await RecordAsync(5);             // checkpoints sign records 1 and 4

        // Appended straight through the store (as a database writer can, but with no checkpoint), naming the real
        // hash of record 4 as the anchor, then the records "pruned" deleted.
        await using (var scope = _hub.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAuditStore>();
            await store.InTransactionAsync(token => store.AppendAsync(
                new AuditRecord
                {
                    TenantId = _hub.A.Id,
                    OccurredAt = _clock.GetUtcNow(),
                    Actor = AuditActor.System,
                    Action = AuditActions.AuditPruned,
                    TargetType = "audit-chain",
                    TargetId = _hub.A.Id.ToString(),
                    Detail = new SortedList<string, string>(StringComparer.Ordinal) { ["from-sequence"] = "1", ["to-sequence"] = "4", ["head-hash"] = records[3].Hash },
                },
                checkpoint: null,
                token));
        }

        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} <= 4");

        var verification = await VerifyAsync();
        Assert.Equal((AuditChainProblem.Inserted, 6L), (verification.Problem, verification.FirstBadSequence));
        Assert.Contains("no checkpoint was signed in its append", verification.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Prune_nothing_when_nothing_is_old_enough()
    {
        await RecordAsync(5);
        _clock.Advance(KeepFor - TimeSpan.FromDays(1));

        Assert.Empty(await ApplyAsync());

        Assert.Equal(5, (await _hub.AuditRecordsAsync(_hub.A.Id)).Count);
        Assert.False(Directory.Exists(_folder) && Directory.EnumerateFileSystemEntries(_folder).Any());
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [DatabaseFact]
    public async Task Prune_nothing_when_the_archive_fails()
    {
        await _hub.DisposeAsync();
        _hub = await CreateHubAsync(_failing);
        await RecordAsync(5);
        _clock.Advance(KeepFor + TimeSpan.FromDays(1));

        await Assert.ThrowsAsync<IOException>(ApplyAsync);

        Assert.True(_failing.Called);
        var records = await _hub.AuditRecordsAsync(_hub.A.Id);
        Assert.Equal([1L, 2, 3, 4, 5], records.Select(r => r.Sequence));
        Assert.DoesNotContain(records, r => r.Action == AuditActions.AuditPruned);
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [DatabaseFact]
    public async Task Prune_nothing_of_a_chain_whose_records_to_be_pruned_were_changed_and_the_other_chains_still()
    {
        await RecordAsync(5);
        for (var i = 0; i < 5; i++)
        {
            await using var scope = _hub.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.step", _hub.B.Id));
        }

        _clock.Advance(KeepFor + TimeSpan.FromDays(1));
        await SqlAsync($"UPDATE {Records} SET {Column("action")} = 'sample.quietly-changed' WHERE {InChainA} AND {Column("sequence")} = 2");

        var refused = await Assert.ThrowsAsync<AuditRetentionException>(ApplyAsync);

        Assert.Contains($"tenant {_hub.A.Id}: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ContentChanged at record 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2, 3, 4, 5], (await _hub.AuditRecordsAsync(_hub.A.Id)).Select(r => r.Sequence));
        Assert.Contains(await _hub.AuditRecordsAsync(_hub.B.Id), r => r.Action == AuditActions.AuditPruned);
    }

    private async Task<List<AuditRecord>> RecordAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var scope = _hub.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.step", _hub.A.Id));
        }

        return await _hub.AuditRecordsAsync(_hub.A.Id);
    }

    private async Task<IReadOnlyList<AuditArchived>> ApplyAsync()
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return [.. (await scope.ServiceProvider.GetRequiredService<IAuditRetention>().ApplyAsync()).Where(a => a.Range.TenantId == _hub.A.Id)];
    }

    // Days pass in these tests: the host's sealing worker would have signed the quiet tail, or it would be overdue.
    private async Task<AuditVerification> VerifyAsync()
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAuditSealer>().SealQuietChainsAsync();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id);
    }

    private async Task<AuditVerification> VerifyAsync(long fromSequence, long? toSequence)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, fromSequence, toSequence);
    }

    private async Task<List<AuditCheckpoint>> CheckpointsAsync()
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        var checkpoints = new List<AuditCheckpoint>();
        await foreach (var checkpoint in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadCheckpointsAsync(_hub.A.Id, 1, null))
        {
            checkpoints.Add(checkpoint);
        }

        return checkpoints;
    }

    private bool Sqlite => provider == DatabaseProvider.Sqlite;

    private string Records => Sqlite ? "\"audit_records\"" : "\"msphub\".\"audit_records\"";

    private string InChainA => $"{Column("chain_id")} = " + (Sqlite ? $"'{_hub.A.Id.ToString().ToUpperInvariant()}'" : $"'{_hub.A.Id}'::uuid");

    private static string Column(string name) => $"\"{name}\"";

    private async Task SqlAsync(string sql)
    {
        await using var connection = await _hub.OpenOwnerConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0, $"Tampering changed nothing: {sql}");
    }

    private sealed class FailingArchive : IAuditArchive
    {
        public bool Called { get; private set; }

        public async Task<string> WriteAsync(AuditArchiveRange range, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
        {
            Called = true;
            await write(new MemoryStream(), cancellationToken);
            throw new IOException("The archive's disk is full.");
        }
    }
}

public sealed class SqliteAuditRetentionShould() : AuditRetentionSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresAuditRetentionShould() : AuditRetentionSuite(DatabaseProvider.Postgres);
