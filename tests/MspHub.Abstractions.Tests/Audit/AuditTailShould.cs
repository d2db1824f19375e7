using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>
/// The tail after a chain's last checkpoint, in memory and in an export: a young one passes, one left unsigned past the
/// interval and its grace is overdue until sealed, and a tail an honest host could not have left (too long, or stamped
/// after a checkpoint that should have followed) is named, which is how a tail deleted and re-forged without the key shows.
/// Checkpoints are signed every five records or hour, sealed within an hour's grace.
/// </summary>
public sealed class AuditTailShould : IAsyncLifetime
{
    private static readonly AuditTailLimits Limits = new(5, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-1");
    private readonly HubUser _admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private ServiceProvider _services = null!;
    private Guid _contoso;

    public async Task InitializeAsync()
    {
        _services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore().AddAuditCheckpoints(_key.Signing(everyRecords: 5)),
            s => s.AddSingleton<TimeProvider>(_clock));
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(_admin);
        var tenant = Tenant.Create("contoso", "Contoso", timeProvider: _clock);
        await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant);
        _contoso = tenant.Id;
        for (var i = 1; i <= 3; i++)
        {
            await Log(scope).RecordAsync(new AuditEntry($"sample.step-{i}", _contoso));   // record 1 is signed at once; 2 and 3 wait
        }
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Pass_a_young_tail_and_report_one_unsigned_past_the_interval_and_grace_until_it_is_signed()
    {
        await using var scope = _services.CreateAsyncScope();
        _clock.Advance(TimeSpan.FromMinutes(30));
        var youngExport = await AuditExportVerifier.VerifyAsync(ToStream(await ExportAsync(scope)), [_key.PublicKeyPem], Limits);
        Assert.True(youngExport.IsIntact, youngExport.Message);   // its own record, 4, is unsigned too
        _clock.Advance(TimeSpan.FromMinutes(90));
        var young = await Log(scope).VerifyAsync(_contoso);
        Assert.True(young.IsIntact, young.Message);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var overdue = await Log(scope).VerifyAsync(_contoso);

        Assert.Equal((AuditChainProblem.CheckpointOverdue, 2L), (overdue.Problem, overdue.FirstBadSequence));
        Assert.Contains("SealQuietChainsAsync", overdue.Message, StringComparison.Ordinal);
        var lines = await ExportAsync(scope);                   // the export's own record comes after the range and is signed
        var stale = await AuditExportVerifier.VerifyAsync(ToStream(lines), [_key.PublicKeyPem], Limits);
        Assert.Equal((AuditChainProblem.CheckpointOverdue, 2L), (stale.Problem, stale.Sequence));
        Assert.True((await AuditExportVerifier.VerifyAsync(ToStream(lines), [_key.PublicKeyPem])).IsIntact);
        var signed = await Log(scope).VerifyAsync(_contoso);
        Assert.True(signed.IsIntact, signed.Message);
    }

    [Fact]
    public async Task Pass_a_tail_once_the_sealer_signed_it()
    {
        await using var scope = _services.CreateAsyncScope();
        _clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(AuditChainProblem.CheckpointOverdue, (await Log(scope).VerifyAsync(_contoso)).Problem);

        Assert.Single(await scope.ServiceProvider.GetRequiredService<IAuditSealer>().SealQuietChainsAsync());

        var sealedChain = await Log(scope).VerifyAsync(_contoso);
        Assert.True(sealedChain.IsIntact, sealedChain.Message);
    }

    [Fact]
    public async Task Name_an_export_whose_last_checkpoint_was_removed_when_the_tail_is_longer_than_the_policy_allows()
    {
        await using var scope = _services.CreateAsyncScope();
        for (var i = 4; i <= 6; i++)
        {
            await Log(scope).RecordAsync(new AuditEntry($"sample.step-{i}", _contoso));      // record 6 is signed
        }

        var lines = await ExportAsync(scope);
        lines.RemoveAt(lines.FindIndex(l => (string?)JsonNode.Parse(l)!["type"] == "checkpoint" && (long)JsonNode.Parse(l)!["toSequence"]! == 6));

        var result = await AuditExportVerifier.VerifyAsync(ToStream(lines), [_key.PublicKeyPem], Limits);

        Assert.Equal((AuditChainProblem.UnsignedTail, 6L), (result.Problem, result.Sequence));
        Assert.True((await AuditExportVerifier.VerifyAsync(ToStream(lines), [_key.PublicKeyPem])).IsIntact);
    }

    [Fact]
    public async Task Name_a_record_forged_onto_an_export_after_the_checkpoint_its_append_would_have_signed()
    {
        await using var scope = _services.CreateAsyncScope();
        var lines = await ExportAsync(scope);
        var last = JsonNode.Parse(lines.FindLast(l => (string?)JsonNode.Parse(l)!["type"] == "record")!)!;
        var forged = new AuditRecord
        {
            TenantId = _contoso,
            Sequence = 4,
            OccurredAt = _clock.GetUtcNow().AddHours(3),
            Actor = AuditActor.System,
            Action = "sample.nothing-to-see",
            Detail = new SortedDictionary<string, string>(StringComparer.Ordinal),
            PreviousHash = (string)last["hash"]!,
            Hash = "",
        };
        forged = forged with { Hash = AuditHash.Compute(forged) };
        var line = last.AsObject();
        line["sequence"] = 4;
        line["occurredAt"] = forged.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        line["action"] = forged.Action;
        line["previousHash"] = forged.PreviousHash;
        line["hash"] = forged.Hash;
        lines.Add(line.ToJsonString());
        var header = JsonNode.Parse(lines[0])!;
        header["lastSequence"] = 4;
        lines[0] = header.ToJsonString();

        var result = await AuditExportVerifier.VerifyAsync(ToStream(lines), [_key.PublicKeyPem], Limits);

        Assert.Equal((AuditChainProblem.UnsignedTail, 4L), (result.Problem, result.Sequence));
        Assert.True((await AuditExportVerifier.VerifyAsync(ToStream(lines), [_key.PublicKeyPem])).IsIntact);
    }

    // Checkpoints are read before records: a walk that meets records appended after it began must not count them
    // into the tail it judges, or a busy chain looks as if a checkpoint were skipped.
    [Fact]
    public async Task Pass_a_chain_appended_to_past_a_checkpoint_while_it_is_verified()
    {
        var store = new AppendingWhileReadAuditStore();
        await using var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore().AddAuditCheckpoints(_key.Signing(everyRecords: 5)),
            s => s.AddSingleton<IAuditStore>(store).AddSingleton<TimeProvider>(_clock));
        await using var scope = services.CreateAsyncScope();
        var tenant = Tenant.Create("busy", "Busy", timeProvider: _clock);
        await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant);
        for (var i = 1; i <= 3; i++)
        {
            await Log(scope).RecordAsync(new AuditEntry($"sample.step-{i}", tenant.Id));
        }

        store.BeforeNextRead = async () =>
        {
            await using var writers = services.CreateAsyncScope();
            for (var i = 4; i <= 9; i++)
            {
                await Log(writers).RecordAsync(new AuditEntry($"sample.step-{i}", tenant.Id));   // record 6 is signed
            }
        };
        var whileAppended = await Log(scope).VerifyAsync(tenant.Id);

        Assert.Null(store.BeforeNextRead);
        Assert.True(whileAppended.IsIntact, whileAppended.Message);
        Assert.Equal(9, whileAppended.RecordsChecked);
        var after = await Log(scope).VerifyAsync(tenant.Id);
        Assert.True(after.IsIntact, after.Message);
    }

    private static IAuditLog Log(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<IAuditLog>();

    private async Task<List<string>> ExportAsync(AsyncServiceScope scope)
    {
        using var export = new MemoryStream();
        await Log(scope).ExportAsync(new AuditExport { TenantId = _contoso }, _admin.Id, export);
        return [.. Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static MemoryStream ToStream(List<string> lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
}
