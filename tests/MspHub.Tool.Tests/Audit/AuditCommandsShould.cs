using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace MspHub.Tool.Tests.Audit;

/// <summary>
/// <c>msphub audit export</c> against a host's database (SQLite and PostgreSQL), and <c>msphub audit verify</c> on
/// what it wrote: intact as exported, and not once a line is changed or removed.
/// </summary>
public sealed class AuditCommandsShould : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("msphub-audit-tool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public Task Export_a_tenant_chain_from_SQLite_that_verifies_until_a_line_is_changed() => ExportVerifyAndTamperAsync("sqlite");

    [PostgresFact]
    public Task Export_a_tenant_chain_from_PostgreSQL_that_verifies_until_a_line_is_changed() => ExportVerifyAndTamperAsync("postgres");

    private async Task ExportVerifyAndTamperAsync(string provider)
    {
        await using var host = await AuditedHost.CreateAsync(provider);
        await host.RecordAsync(5);
        File.WriteAllText(PathOf("audit-public.pem"), host.Key.PublicKeyPem);

        var export = await ToolRun.RunAsync("audit", "export", "--provider", provider, "--connection", host.ConnectionString, "--tenant", "contoso",
            "--as", host.MspAdmin.Id.ToString(), "--public-key", $"audit-1={PathOf("audit-public.pem")}", "--out", PathOf("contoso.jsonl"));
        var intact = await ToolRun.RunAsync("audit", "verify", PathOf("contoso.jsonl"), "--key", PathOf("audit-public.pem"));
        var lines = File.ReadAllLines(PathOf("contoso.jsonl"));
        var third = Array.FindIndex(lines, l => l.Contains("\"targetId\":\"autom-2\"", StringComparison.Ordinal));
        File.WriteAllLines(PathOf("changed.jsonl"), lines.Select((l, i) => i == third ? l.Replace("autom-2", "autom-9", StringComparison.Ordinal) : l));
        File.WriteAllLines(PathOf("cut.jsonl"), lines.Where((_, i) => i != third));
        var changed = await ToolRun.RunAsync("audit", "verify", PathOf("changed.jsonl"), "--key", PathOf("audit-public.pem"));
        var cut = await ToolRun.RunAsync("audit", "verify", PathOf("cut.jsonl"), "--key", PathOf("audit-public.pem"));
        var untrusted = await ToolRun.RunAsync("audit", "verify", PathOf("contoso.jsonl"));
        var lastCheckpoint = Array.FindLastIndex(lines, l => l.Contains("\"type\":\"checkpoint\"", StringComparison.Ordinal));
        File.WriteAllLines(PathOf("unsigned.jsonl"), lines.Where((_, i) => i != lastCheckpoint));
        var unsigned = await ToolRun.RunAsync("audit", "verify", PathOf("unsigned.jsonl"), "--key", PathOf("audit-public.pem"), "--every-records", "3");
        var unsignedByDefault = await ToolRun.RunAsync("audit", "verify", PathOf("unsigned.jsonl"), "--key", PathOf("audit-public.pem"));
        var badInterval = await ToolRun.RunAsync("audit", "verify", PathOf("contoso.jsonl"), "--key", PathOf("audit-public.pem"), "--every", "soon");

        Assert.Equal(0, export.Exit);
        Assert.Equal($"wrote {PathOf("contoso.jsonl")}: tenant contoso's chain, records 1 to 5 (5 records, 2 checkpoints)", export.Output.Trim());
        Assert.False(File.Exists(PathOf("contoso.jsonl.partial")));
        Assert.Equal(0, intact.Exit);
        Assert.StartsWith($"intact: tenant {host.Contoso.Id}'s chain, 5 records, 2 checkpoints.", intact.Output, StringComparison.Ordinal);
        Assert.Contains("signed by a trusted key through record 4", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, changed.Exit);
        Assert.StartsWith($"not intact: line {third + 1} (record 3): ContentChanged: ", changed.Output, StringComparison.Ordinal);
        Assert.Equal(1, cut.Exit);
        Assert.Contains("(record 3): Missing: ", cut.Output, StringComparison.Ordinal);
        Assert.Equal(1, untrusted.Exit);
        Assert.Contains(": UnknownKey: ", untrusted.Output, StringComparison.Ordinal);
        Assert.Contains("no --key was given", untrusted.Output, StringComparison.Ordinal);
        Assert.Equal(1, unsigned.Exit);
        Assert.Contains("(record 4): UnsignedTail: ", unsigned.Output, StringComparison.Ordinal);
        Assert.Equal(0, unsignedByDefault.Exit);                    // four unsigned records are within the default 1,000
        Assert.Equal(2, badInterval.Exit);
        Assert.Contains("--every 'soon' is not a positive interval", badInterval.Error, StringComparison.Ordinal);
        var recorded = (await host.RecordsAsync(host.Contoso.Id))[^1];
        Assert.Equal((AuditActions.AuditExported, AuditActor.User(host.MspAdmin.Id)), (recorded.Action, recorded.Actor));
    }

    [Fact]
    public Task Export_a_chain_whose_tail_was_deleted_from_SQLite_so_that_verify_finds_it() => ExportDeletedTailAsync("sqlite");

    [PostgresFact]
    public Task Export_a_chain_whose_tail_was_deleted_from_PostgreSQL_so_that_verify_finds_it() => ExportDeletedTailAsync("postgres");

    // Checkpoint 2 signs record 4; records 4 to 5 are deleted from the table, the head and the checkpoint stay.
    private async Task ExportDeletedTailAsync(string provider)
    {
        await using var host = await AuditedHost.CreateAsync(provider);
        await host.RecordAsync(5);
        await host.DeleteRecordsAsync(4, 5);
        File.WriteAllText(PathOf("audit-public.pem"), host.Key.PublicKeyPem);

        var export = await ToolRun.RunAsync("audit", "export", "--provider", provider, "--connection", host.ConnectionString, "--tenant", "contoso",
            "--as", host.MspAdmin.Id.ToString(), "--public-key", $"audit-1={PathOf("audit-public.pem")}", "--out", PathOf("cut.jsonl"));
        var verify = await ToolRun.RunAsync("audit", "verify", PathOf("cut.jsonl"), "--key", PathOf("audit-public.pem"));

        Assert.Equal((0, $"wrote {PathOf("cut.jsonl")}: tenant contoso's chain, records 1 to 5 (3 records, 1 checkpoint)"), (export.Exit, export.Output.Trim()));
        Assert.Equal(1, verify.Exit);
        Assert.StartsWith("not intact: ", verify.Output, StringComparison.Ordinal);
        Assert.Contains("(record 4): Truncated: ", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public Task Report_an_export_it_cannot_record_in_one_line_with_exit_code_3_on_SQLite() => ReportUnrecordableExportAsync("sqlite");

    [PostgresFact]
    public Task Report_an_export_it_cannot_record_in_one_line_with_exit_code_3_on_PostgreSQL() => ReportUnrecordableExportAsync("postgres");

    // The export's own record cannot be written: its head was moved back onto a record (a unique key violation), or,
    // on SQLite, the file is opened read-only.
    private async Task ReportUnrecordableExportAsync(string provider)
    {
        await using var host = await AuditedHost.CreateAsync(provider);
        await host.RecordAsync(3);
        string[] Export(string connection, string file) =>
            ["audit", "export", "--provider", provider, "--connection", connection, "--tenant", "contoso", "--as", host.MspAdmin.Id.ToString(), "--out", PathOf(file)];

        var readOnly = provider == "sqlite" ? await ToolRun.RunAsync(Export(host.ConnectionString + ";Mode=ReadOnly", "read-only.jsonl")) : null;
        await host.MoveHeadBackAsync((await host.RecordsAsync(host.Contoso.Id))[0]);
        var collision = await ToolRun.RunAsync(Export(host.ConnectionString, "collision.jsonl"));

        foreach (var result in readOnly is null ? [collision] : new[] { readOnly, collision })
        {
            Assert.Equal(3, result.Exit);
            Assert.StartsWith("msphub audit export: ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.Contains("readonly", readOnly?.Error ?? "readonly", StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("collision.jsonl")));
    }

    [Fact]
    public async Task Export_the_MSP_chain_only_as_an_MSP_admin_and_carry_the_checkpoint_keys_only_when_given()
    {
        await using var host = await AuditedHost.CreateAsync("sqlite");
        File.WriteAllText(PathOf("audit-public.pem"), host.Key.PublicKeyPem);
        string[] Export(string reader, string file, params string[] more) =>
            ["audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--msp", "--as", reader, "--out", PathOf(file), .. more];

        // The MSP chain holds the admin's creation (signed at once, as a chain's first record), then each export.
        var keyless = await ToolRun.RunAsync(Export(host.MspAdmin.Id.ToString(), "keyless.jsonl"));
        var keyed = await ToolRun.RunAsync(Export(host.MspAdmin.Id.ToString(), "keyed.jsonl", "--public-key", $"audit-1={PathOf("audit-public.pem")}"));
        var strangerId = Guid.NewGuid();
        var stranger = await ToolRun.RunAsync(Export(strangerId.ToString(), "stranger.jsonl"));
        var verifyKeyed = await ToolRun.RunAsync("audit", "verify", PathOf("keyed.jsonl"), "--key", PathOf("audit-public.pem"));
        var verifyKeyless = await ToolRun.RunAsync("audit", "verify", PathOf("keyless.jsonl"), "--key", PathOf("audit-public.pem"));

        Assert.Equal((0, $"wrote {PathOf("keyless.jsonl")}: the MSP-level chain, records 1 to 1 (1 record, 1 checkpoint)"), (keyless.Exit, keyless.Output.Trim()));
        Assert.Equal((0, $"wrote {PathOf("keyed.jsonl")}: the MSP-level chain, records 1 to 2 (2 records, 1 checkpoint)"), (keyed.Exit, keyed.Output.Trim()));
        Assert.Equal(3, stranger.Exit);
        Assert.Equal($"msphub audit export: --as {strangerId} is not an active MSP admin; the tool reads audit chains as one.", stranger.Error.Trim());
        Assert.False(File.Exists(PathOf("stranger.jsonl")));
        Assert.Equal(0, verifyKeyed.Exit);
        Assert.Contains("signed by a trusted key through record 1;", verifyKeyed.Output, StringComparison.Ordinal);
        Assert.Equal(1, verifyKeyless.Exit);
        Assert.Contains(": UnknownKey: ", verifyKeyless.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("no --key was given", verifyKeyless.Output, StringComparison.Ordinal); // a key was given, just not the signer's
        Assert.Equal([AuditActions.AuditExported, AuditActions.AuditExported], (await host.RecordsAsync(null)).Skip(1).Select(r => r.Action));
    }

    [Fact]
    public async Task Export_only_the_records_in_a_time_range()
    {
        await using var host = await AuditedHost.CreateAsync("sqlite");
        await host.RecordAsync(4);
        var records = await host.RecordsAsync(host.Contoso.Id);

        var export = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--tenant", "contoso",
            "--as", host.MspAdmin.Id.ToString(), "--from", records[1].OccurredAt.ToString("O"), "--to", records[3].OccurredAt.ToString("O"), "--out", PathOf("range.jsonl"));
        var verify = await ToolRun.RunAsync("audit", "verify", PathOf("range.jsonl"));

        // Checkpoints sign records 1 and 4, outside the range: records 2 and 3 are hash-chained only, and verify says so.
        Assert.Equal((0, $"wrote {PathOf("range.jsonl")}: tenant contoso's chain, records 2 to 3 (2 records, 0 checkpoints)"), (export.Exit, export.Output.Trim()));
        Assert.Equal(0, verify.Exit);
        Assert.Contains("no checkpoint signed these records", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OSCAL_assessment_results_when_asked()
    {
        await using var host = await AuditedHost.CreateAsync("sqlite");
        await host.RecordAsync(2);

        var export = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--tenant", "contoso",
            "--as", host.MspAdmin.Id.ToString(), "--format", "oscal", "--out", PathOf("contoso.oscal.json"));
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(PathOf("contoso.oscal.json")));
        var observations = document.RootElement.GetProperty("assessment-results").GetProperty("results")[0].GetProperty("observations");

        Assert.Equal(0, export.Exit);
        Assert.Equal(["sample.autom.created", "sample.autom.created"], observations.EnumerateArray().Select(o => o.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Report_an_unknown_tenant_or_database_file_in_one_line_with_exit_code_3()
    {
        await using var host = await AuditedHost.CreateAsync("sqlite");
        var missingFile = $"Data Source={PathOf("nonexistent.db")}";

        var tenant = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--tenant", "fabrikam",
            "--as", host.MspAdmin.Id.ToString(), "--out", PathOf("x.jsonl"));
        var database = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", missingFile, "--msp",
            "--as", host.MspAdmin.Id.ToString(), "--out", PathOf("y.jsonl"));
        var export = await ToolRun.RunAsync("audit", "verify", PathOf("nonexistent.jsonl"));
        var folder = await ToolRun.RunAsync("audit", "verify", Path.GetTempPath());
        var outFolder = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--tenant", "contoso",
            "--as", host.MspAdmin.Id.ToString(), "--out", _directory + Path.DirectorySeparatorChar);
        File.WriteAllText(PathOf("not-a-key.pem"), "not a key");
        var notAKey = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--msp",
            "--as", host.MspAdmin.Id.ToString(), "--public-key", $"audit-1={PathOf("not-a-key.pem")}", "--out", PathOf("z.jsonl"));

        // The signing key itself, handed over by mistake: refused, never used (the tool holds public keys only).
        File.WriteAllText(PathOf("audit-private.pem"), host.Key.PrivateKeyPem);
        var signingKey = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--msp",
            "--as", host.MspAdmin.Id.ToString(), "--public-key", $"audit-1={PathOf("audit-private.pem")}", "--out", PathOf("w.jsonl"));
        var verifyKey = await ToolRun.RunAsync("audit", "verify", PathOf("nonexistent.jsonl"), "--key", PathOf("not-a-key.pem"));
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(PathOf("rsa-public.pem"), rsa.ExportSubjectPublicKeyInfoPem());
        }

        var rsaKey = await ToolRun.RunAsync("audit", "verify", PathOf("nonexistent.jsonl"), "--key", PathOf("rsa-public.pem"));

        Assert.Equal((3, "msphub audit export: no tenant has the slug 'fabrikam'."), (tenant.Exit, tenant.Error.Trim()));
        Assert.Equal(3, database.Exit);
        Assert.False(File.Exists(PathOf("nonexistent.db")));
        Assert.Equal((3, $"msphub audit verify: The export '{PathOf("nonexistent.jsonl")}' does not exist."), (export.Exit, export.Error.Trim()));
        Assert.Equal((3, $"msphub audit verify: The export '{Path.GetTempPath()}' is a folder; give a file."), (folder.Exit, folder.Error.Trim()));
        Assert.Equal((3, $"msphub audit export: --out '{_directory}{Path.DirectorySeparatorChar}' is a folder; give a file."), (outFolder.Exit, outFolder.Error.Trim()));
        Assert.Empty(await host.RecordsAsync(host.Contoso.Id));     // refused before the export was recorded
        Assert.Equal((3, $"msphub audit export: --public-key audit-1: '{PathOf("not-a-key.pem")}' is not an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----)."), (notAKey.Exit, notAKey.Error.Trim()));
        Assert.Equal((3, $"msphub audit export: --public-key audit-1: '{PathOf("audit-private.pem")}' is a private key; only the public key (-----BEGIN PUBLIC KEY-----) belongs here."), (signingKey.Exit, signingKey.Error.Trim()));
        Assert.False(File.Exists(PathOf("w.jsonl")));
        Assert.Equal((3, $"msphub audit verify: --key: '{PathOf("not-a-key.pem")}' is not an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----)."), (verifyKey.Exit, verifyKey.Error.Trim()));
        Assert.Equal((3, $"msphub audit verify: --key: '{PathOf("rsa-public.pem")}' is not an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----)."), (rsaKey.Exit, rsaKey.Error.Trim()));
        Assert.All([tenant, database, export, folder, outFolder, notAKey, signingKey, verifyKey, rsaKey], r => Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Refuse_an_export_whose_header_starts_before_record_one()
    {
        // Records renumbered from 0, each hashed at its new number and chained to the one before: only the header's
        // firstSequence of 0 lets them through, and without checkpoints nothing else is signed.
        await using var host = await AuditedHost.CreateAsync("sqlite");
        var lines = await ExportAsync(host, records: 2);
        var (header, records) = (lines[0], lines.Where(l => l.Contains("\"type\":\"record\"", StringComparison.Ordinal)).ToList());
        var renumbered = new List<string> { Change(Change(header, "firstSequence", 0), "lastSequence", records.Count - 1) };
        var (stored, previous) = (await host.RecordsAsync(host.Contoso.Id), AuditHash.Genesis);
        for (var i = 0; i < records.Count; i++)
        {
            var moved = stored[i] with { Sequence = i, PreviousHash = previous };
            previous = AuditHash.Compute(moved);
            renumbered.Add(Change(Change(Change(records[i], "sequence", i), "previousHash", moved.PreviousHash), "hash", previous));
        }

        File.WriteAllLines(PathOf("from-zero.jsonl"), renumbered);

        var verify = await ToolRun.RunAsync("audit", "verify", PathOf("from-zero.jsonl"));

        Assert.Equal(1, verify.Exit);
        Assert.StartsWith("not intact: line 1: Malformed: ", verify.Output, StringComparison.Ordinal);
        Assert.Contains("firstSequence", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_a_string_that_is_not_text_as_a_malformed_line()
    {
        await using var host = await AuditedHost.CreateAsync("sqlite");
        var lines = await ExportAsync(host, records: 2);
        lines.Insert(2, "{\"type\":\"\\udc00\"}");              // half a surrogate pair, escaped
        File.WriteAllLines(PathOf("surrogate.jsonl"), lines);

        var verify = await ToolRun.RunAsync("audit", "verify", PathOf("surrogate.jsonl"), "--key", PathOf("audit-public.pem"));

        Assert.Equal(1, verify.Exit);
        Assert.StartsWith("not intact: line 3: Malformed: ", verify.Output, StringComparison.Ordinal);
        Assert.Empty(verify.Error);
    }

    [Fact]
    public async Task Refuse_intervals_too_long_to_add_up_as_a_usage_error()
    {
        await using var host = await AuditedHost.CreateAsync("sqlite");
        await ExportAsync(host, records: 2);

        var verify = await ToolRun.RunAsync(
            "audit", "verify", PathOf("contoso.jsonl"), "--key", PathOf("audit-public.pem"), "--every", "10675199.00:00:00", "--grace", "10675199.00:00:00");

        Assert.Equal(2, verify.Exit);
        Assert.Contains("--every '10675199.00:00:00' is not a positive interval of at most 36500 days", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Name_a_changed_record_at_once_whatever_last_sequence_the_header_claims()
    {
        // The search for where a changed record belongs is bounded near its place, not by the header's number.
        await using var host = await AuditedHost.CreateAsync("sqlite");
        var lines = await ExportAsync(host, records: 2);
        lines[0] = Change(lines[0], "lastSequence", long.MaxValue - 1);
        var first = lines.FindIndex(l => l.Contains("\"type\":\"record\"", StringComparison.Ordinal));
        lines[first] = Change(lines[first], "targetId", "autom-9");
        File.WriteAllLines(PathOf("changed.jsonl"), lines);

        var verify = await ToolRun.RunAsync("audit", "verify", PathOf("changed.jsonl"), "--key", PathOf("audit-public.pem")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, verify.Exit);
        Assert.StartsWith($"not intact: line {first + 1} (record 1): ContentChanged: ", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_a_line_longer_than_the_cap_before_reading_it_whole()
    {
        await using var host = await AuditedHost.CreateAsync("sqlite");
        var lines = await ExportAsync(host, records: 1);
        lines.Insert(2, new string('x', (16 * 1024 * 1024) + 1));
        File.WriteAllLines(PathOf("long.jsonl"), lines);

        var verify = await ToolRun.RunAsync("audit", "verify", PathOf("long.jsonl"), "--key", PathOf("audit-public.pem"));

        Assert.Equal(1, verify.Exit);
        Assert.StartsWith("not intact: line 3: Malformed: The line is longer than 16777216 characters", verify.Output, StringComparison.Ordinal);
    }

    // Contoso's chain with this many records, exported to contoso.jsonl, and the host's public key in audit-public.pem.
    private async Task<List<string>> ExportAsync(AuditedHost host, int records)
    {
        await host.RecordAsync(records);
        File.WriteAllText(PathOf("audit-public.pem"), host.Key.PublicKeyPem);
        var export = await ToolRun.RunAsync("audit", "export", "--provider", "sqlite", "--connection", host.ConnectionString, "--tenant", "contoso",
            "--as", host.MspAdmin.Id.ToString(), "--public-key", $"audit-1={PathOf("audit-public.pem")}", "--out", PathOf("contoso.jsonl"));
        Assert.Equal(0, export.Exit);
        return [.. File.ReadAllLines(PathOf("contoso.jsonl"))];
    }

    private static string Change(string line, string name, JsonNode? value)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node[name] = value;
        return node.ToJsonString();
    }

    [Theory]
    [InlineData("--msp", "--tenant", "contoso")]
    [InlineData("--as", "admin")]
    [InlineData("--msp", "--from", "yesterday")]
    [InlineData("--msp", "--from", "2026-11-02", "--to", "2026-11-01")]
    [InlineData("--msp", "--provider", "mysql")]
    [InlineData("--msp", "--format", "csv")]
    [InlineData("--msp", "--public-key", "audit-1")]
    [InlineData("--msp", "--public-key", "audit-1=old.pem", "--public-key", "audit-1=new.pem")]
    [InlineData("--msp", "--connection", "Data Source=a.db;Colour=blue")]
    public async Task Refuse_a_wrong_export_command_line_with_exit_code_2(params string[] args)
    {
        var defaults = new List<string> { "--provider", "sqlite", "--connection", "Data Source=a.db", "--as", Guid.NewGuid().ToString(), "--out", PathOf("a.jsonl") };
        foreach (var given in args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && defaults.Contains(a)))
        {
            defaults.RemoveRange(defaults.IndexOf(given), 2);
        }

        var result = await ToolRun.RunAsync(["audit", "export", .. defaults, .. args]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("msphub audit export: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("usage: msphub audit export", result.Error, StringComparison.Ordinal);
    }
}
