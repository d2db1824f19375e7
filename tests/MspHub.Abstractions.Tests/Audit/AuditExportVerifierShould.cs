using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>
/// An export checked without the database: each kind of tampering with its lines is named, at the line where it shows.
/// The export holds seven records of one chain, signed at records 1, 4 and 7: a header, a key line, then
/// r1 c1 r2 r3 r4 c2 r5 r6 r7 c3.
/// </summary>
public sealed class AuditExportVerifierShould : IAsyncLifetime
{
    private static readonly Guid Contoso = Guid.CreateVersion7();
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-1");
    private readonly HubUser _admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private ServiceProvider _services = null!;
    private List<string> _lines = [];
    private List<AuditRecord> _records = [];

    public async Task InitializeAsync()
    {
        _services = Hub.Build(hub => hub.AddInMemoryTenantStore().AddInMemoryAccessStore().AddAuditCheckpoints(_key.Signing(everyRecords: 3)));
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(_admin);
        var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        for (var i = 1; i <= 7; i++)
        {
            _records.Add((await log.RecordAsync(new AuditEntry($"sample.step-{i}", Contoso) { TargetId = $"t{i}" }))!);
        }

        using var export = new MemoryStream();
        await log.ExportAsync(new AuditExport { TenantId = Contoso }, _admin.Id, export);
        _lines = [.. Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Pass_an_untouched_export_and_say_how_far_checkpoints_signed_it()
    {
        Assert.Equal(12, _lines.Count);

        var result = await VerifyAsync();

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal((Contoso, 7L, 3L, 7L), (result.TenantId, result.RecordsChecked, result.CheckpointsChecked, result.SignedThroughSequence));
        Assert.Null(result.Line);
    }

    [Fact]
    public async Task Name_a_changed_record()
    {
        _lines[Record(3)] = Change(_lines[Record(3)], "action", "sample.nothing-happened");

        await ExpectAsync(AuditChainProblem.ContentChanged, line: Record(3) + 1, sequence: 3);
    }

    [Fact]
    public async Task Name_a_missing_record()
    {
        _lines.RemoveAt(Record(3));

        await ExpectAsync(AuditChainProblem.Missing, line: Record(4) + 1, sequence: 3);
    }

    [Fact]
    public async Task Name_records_that_were_renumbered()
    {
        var (fifth, sixth) = (Record(5), Record(6));
        (_lines[fifth], _lines[sixth]) = (Change(_lines[sixth], "sequence", 5), Change(_lines[fifth], "sequence", 6));

        await ExpectAsync(AuditChainProblem.Reordered, line: fifth + 1, sequence: 5);
    }

    [Fact]
    public async Task Name_an_inserted_record_even_with_a_valid_hash()
    {
        var forged = _records[4] with { Sequence = 6, Action = "sample.forged", PreviousHash = _records[4].Hash };
        forged = forged with { Hash = AuditHash.Compute(forged) };
        var at = Record(6);
        for (var sequence = 7; sequence >= 6; sequence--)
        {
            _lines[Record(sequence)] = Change(_lines[Record(sequence)], "sequence", sequence + 1);
        }

        _lines.Insert(at, Change(Change(Change(Change(_lines[Record(5)], "sequence", 6), "action", forged.Action), "previousHash", forged.PreviousHash), "hash", forged.Hash));
        _lines[0] = Change(_lines[0], "lastSequence", 8);

        await ExpectAsync(AuditChainProblem.Inserted, line: at + 2, sequence: 6);
    }

    [Fact]
    public async Task Name_a_record_forged_under_a_number_already_taken()
    {
        // Hashed at its own (earlier) number and chained to the last record, so only its number gives it away.
        var forged = _records[2] with { Action = "sample.forged", PreviousHash = _records[6].Hash };
        forged = forged with { Hash = AuditHash.Compute(forged) };
        _lines.Add(Change(Change(Change(_lines[Record(3)], "action", forged.Action), "previousHash", forged.PreviousHash), "hash", forged.Hash));

        await ExpectAsync(AuditChainProblem.Inserted, line: _lines.Count, sequence: 8);
    }

    [Fact]
    public async Task Name_an_export_cut_short()
    {
        _lines.RemoveRange(Record(7), 2);

        await ExpectAsync(AuditChainProblem.Truncated, line: _lines.Count, sequence: 7);
    }

    [Fact]
    public async Task Name_records_rewritten_and_rehashed_by_the_checkpoint_that_signed_them()
    {
        var sixth = _records[5] with { Action = "sample.nothing-happened" };
        sixth = sixth with { Hash = AuditHash.Compute(sixth) };
        var seventh = _records[6] with { PreviousHash = sixth.Hash };
        seventh = seventh with { Hash = AuditHash.Compute(seventh) };
        _lines[Record(6)] = Change(Change(_lines[Record(6)], "action", sixth.Action), "hash", sixth.Hash);
        _lines[Record(7)] = Change(Change(_lines[Record(7)], "previousHash", seventh.PreviousHash), "hash", seventh.Hash);

        await ExpectAsync(AuditChainProblem.ContentChanged, line: Checkpoint(3) + 1, sequence: 5);
    }

    [Fact]
    public async Task Name_a_forged_checkpoint()
    {
        _lines[Checkpoint(2)] = Change(_lines[Checkpoint(2)], "signedAt", "2030-01-01T00:00:00.000000Z");

        await ExpectAsync(AuditChainProblem.CheckpointForged, line: Checkpoint(2) + 1, sequence: 4);
    }

    [Fact]
    public async Task Name_a_checkpoint_whose_key_is_not_trusted_whatever_key_the_export_offers()
    {
        var stranger = TestAuditKey.Create("audit-1");

        await ExpectAsync(AuditChainProblem.UnknownKey, line: Checkpoint(1) + 1, sequence: 1, stranger.PublicKeyPem);
        _lines[1] = Change(_lines[1], "publicKey", stranger.PublicKeyPem);
        await ExpectAsync(AuditChainProblem.UnknownKey, line: Checkpoint(1) + 1, sequence: 1);
    }

    [Fact]
    public async Task Name_a_removed_checkpoint()
    {
        _lines.RemoveAt(Checkpoint(2));

        await ExpectAsync(AuditChainProblem.CheckpointChainBroken, line: Checkpoint(3) + 1, sequence: 7);
    }

    // The export starts at the chain's first record, which is signed at once, so its first checkpoint must be there too.
    [Fact]
    public async Task Name_a_removed_first_checkpoint()
    {
        _lines.RemoveAt(Checkpoint(1));

        await ExpectAsync(AuditChainProblem.CheckpointChainBroken, line: Checkpoint(2) + 1, sequence: 4);
    }

    [Fact]
    public async Task Name_a_line_that_is_not_json_of_the_documented_shape()
    {
        var at = Record(2);
        _lines[at] = "{\"type\":\"record\",\"sequence\":\"two\"}";

        await ExpectAsync(AuditChainProblem.Malformed, line: at + 1, sequence: null);
        await Assert.ThrowsAsync<ArgumentException>(() => AuditExportVerifier.VerifyAsync(new MemoryStream(), ["not a key"]));
    }

    [Fact]
    public async Task Name_a_repeated_checkpoint_line_as_repeated_not_as_out_of_place()
    {
        var at = Checkpoint(2);
        _lines.Insert(at + 1, _lines[at]);

        var result = await VerifyAsync();

        Assert.Equal((AuditChainProblem.Reordered, (long?)at + 2, (long?)4), (result.Problem, result.Line, result.Sequence));
        Assert.StartsWith("Checkpoint 2 follows checkpoint 2, which already signs record 4", result.Message, StringComparison.Ordinal);
    }

    // Chained to something other than 32 zero bytes, and re-hashed: the first record itself was rewritten; there is no record 0.
    [Fact]
    public async Task Name_the_first_record_rewritten_with_another_previous_hash_as_itself()
    {
        var forged = _records[0] with { PreviousHash = new string('a', 64) };
        _lines[Record(1)] = Change(Change(_lines[Record(1)], "previousHash", forged.PreviousHash), "hash", AuditHash.Compute(forged));

        var result = await VerifyAsync();

        Assert.Equal((AuditChainProblem.ContentChanged, (long?)Record(1) + 1, (long?)1), (result.Problem, result.Line, result.Sequence));
        Assert.StartsWith("Record 1 was rewritten: it is not chained to the chain's start", result.Message, StringComparison.Ordinal);
    }

    // A forged actor kind first, the genuine one last: read either way, one of them is not what the hash covers.
    [Fact]
    public async Task Name_a_line_with_a_field_given_twice_as_malformed()
    {
        var at = Record(2);
        _lines[at] = "{\"actorKind\":\"User\"," + _lines[at][1..];

        await ExpectAsync(AuditChainProblem.Malformed, line: at + 1, sequence: null);
    }

    [Fact]
    public async Task Name_a_line_with_a_field_the_format_does_not_have_as_malformed()
    {
        var record = Record(2);
        _lines[record] = _lines[record][..^1] + ",\"note\":\"approved by CEO\"}";
        await ExpectAsync(AuditChainProblem.Malformed, line: record + 1, sequence: null);

        _lines[record] = _lines[record].Replace(",\"note\":\"approved by CEO\"", "", StringComparison.Ordinal);
        var checkpoint = Checkpoint(2);
        _lines[checkpoint] = _lines[checkpoint][..^1] + ",\"note\":\"approved by CEO\"}";
        await ExpectAsync(AuditChainProblem.Malformed, line: checkpoint + 1, sequence: null);
    }

    // Windows tools save UTF-8 with a byte order mark.
    [Fact]
    public async Task Pass_an_export_saved_with_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join('\n', _lines) + "\n")).ToArray();

        var result = await AuditExportVerifier.VerifyAsync(new MemoryStream(bytes), [_key.PublicKeyPem]);

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(7, result.RecordsChecked);
    }

    // A signing key among the trusted ones would verify like its public half; whoever handed it over has put it where it does not belong.
    [Fact]
    public async Task Refuse_a_private_key_to_trust()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => AuditExportVerifier.VerifyAsync(new MemoryStream(), [_key.PrivateKeyPem]));

        Assert.StartsWith("A trusted key is a private key; only the public key (-----BEGIN PUBLIC KEY-----) belongs here.", refused.Message, StringComparison.Ordinal);
    }

    private int Record(long sequence) => _lines.FindIndex(l => Is(l, "record", "sequence", sequence));

    private int Checkpoint(long number) => _lines.FindIndex(l => Is(l, "checkpoint", "number", number));

    private static bool Is(string line, string type, string name, long value)
    {
        var node = JsonNode.Parse(line)!;
        return (string?)node["type"] == type && node[name] is JsonValue v && v.TryGetValue<long>(out var n) && n == value;
    }

    private static string Change(string line, string name, JsonNode? value)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node[name] = value;
        return node.ToJsonString();
    }

    private Task<AuditExportVerification> VerifyAsync(params string[] trusted) =>
        AuditExportVerifier.VerifyAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', _lines) + "\n")), trusted.Length == 0 ? [_key.PublicKeyPem] : trusted);

    private async Task ExpectAsync(AuditChainProblem problem, int line, long? sequence, params string[] trusted)
    {
        var result = await VerifyAsync(trusted);
        Assert.Equal((problem, (long?)line, sequence), (result.Problem, result.Line, result.Sequence));
        Assert.False(string.IsNullOrEmpty(result.Message));
    }
}
