using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// Reading the audit log: pages newest first with filters, and who sees what: MSP admins every chain, a tenant's
/// readers only the active tenant's chain with the audit permission, whatever tenant a forged filter names. Exports are
/// reads: the same readers export the same chains, and every export is recorded.
/// </summary>
public abstract class AuditReadingSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly HubUser _mspAdmin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly HubUser _auditor = HubUser.Create("a-auditor");
    private readonly HubUser _agent = HubUser.Create("a-agent");
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-1");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub
            .AddPermissions(p => p.Resource("audit").Action("view"))
            .AddAuditCheckpoints(_key.Signing(everyRecords: 3)));
        await WithAsync(async sp =>
        {
            var msp = sp.GetRequiredService<IMspAccessManager>();
            foreach (var user in new[] { _mspAdmin, _auditor, _agent })
            {
                await msp.AddUserAsync(user);
            }

            using (_hub.In(_hub.A))
            {
                var tenant = sp.GetRequiredService<ITenantAccessManager>();
                await tenant.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Auditor", Permissions = ["audit.view"] });
                await tenant.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
                await tenant.SetMemberAsync(_hub.A.Id, _auditor.Id, ["Auditor"]);
                await tenant.SetMemberAsync(_hub.A.Id, _agent.Id, ["Agent"]);
            }

            return true;
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Page_one_chain_newest_first_by_action_actor_target_and_time()
    {
        var before = (await _hub.AuditRecordsAsync(_hub.A.Id)).Count;
        for (var i = 0; i < 5; i++)
        {
            await RecordAsync(new AuditEntry("sample.autom.created", _hub.A.Id) { Actor = AuditActor.User(_agent.Id), TargetType = "autom", TargetId = $"a{i}" });
        }

        await RecordAsync(new AuditEntry("sample.autom.deleted", _hub.A.Id) { Actor = AuditActor.User(_auditor.Id), TargetType = "autom", TargetId = "a1" });

        var first = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, Action = "sample.autom.created", PageSize = 2 });
        var second = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, Action = "sample.autom.created", PageSize = 2, BeforeSequence = first.NextBeforeSequence });
        var third = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, Action = "sample.autom.created", PageSize = 2, BeforeSequence = second.NextBeforeSequence });
        var byTarget = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, TargetType = "autom", TargetId = "a1" });
        var byActor = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, ActorId = _auditor.Id });
        var future = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, From = DateTimeOffset.UtcNow.AddHours(1) });
        var past = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, To = DateTimeOffset.UtcNow.AddHours(1) });

        Assert.Equal(["a4", "a3", "a2", "a1", "a0"], first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.TargetId));
        Assert.Null(third.NextBeforeSequence);
        Assert.Equal(["sample.autom.deleted", "sample.autom.created"], byTarget.Items.Select(r => r.Action));
        Assert.Equal("sample.autom.deleted", Assert.Single(byActor.Items).Action);
        Assert.Empty(future.Items);
        Assert.Equal(before + 6, past.Items.Count);
    }

    [DatabaseFact]
    public async Task Let_an_msp_admin_read_every_chain_from_anywhere()
    {
        await RecordAsync(new AuditEntry("sample.b.thing", _hub.B.Id));

        Assert.Contains((await QueryAsync(_mspAdmin, new AuditQuery { TenantId = null })).Items, r => r.Action == AuditActions.UserAdded);
        Assert.Single((await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.B.Id })).Items);
        using (_hub.In(_hub.A))
        {
            Assert.Single((await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.B.Id })).Items);
        }
    }

    [DatabaseFact]
    public async Task Let_a_tenants_auditor_read_only_that_tenants_chain_from_inside_it()
    {
        await RecordAsync(new AuditEntry("sample.b.thing", _hub.B.Id));

        using (_hub.In(_hub.A))
        {
            var own = await QueryAsync(_auditor, new AuditQuery { TenantId = _hub.A.Id });
            Assert.Contains(own.Items, r => r.Action == AuditActions.MemberSet && r.TargetId == _auditor.Id.ToString());
            Assert.All(own.Items, r => Assert.Equal(_hub.A.Id, r.TenantId));

            // A forged filter: another tenant's chain, or the MSP-level one, from inside tenant A.
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.B.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = null }));
        }

        // Outside the tenant, or inside one where the reader holds nothing.
        await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.A.Id }));
        using (_hub.In(_hub.B))
        {
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.B.Id }));
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_member_without_the_audit_permission_and_an_unknown_reader()
    {
        using (_hub.In(_hub.A))
        {
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_agent, new AuditQuery { TenantId = _hub.A.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(HubUser.Create("stranger"), new AuditQuery { TenantId = _hub.A.Id }));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.A.Id, PageSize = AuditQuery.MaxPageSize + 1 }));
        }
    }

    [DatabaseFact]
    public async Task Let_an_api_key_read_verify_and_export_only_its_own_tenants_chain_holding_the_audit_permission()
    {
        var keyId = Guid.NewGuid();
        var key = AuditReader.ApiKey(keyId, _hub.A.Id, ["automs.view", "audit.view"]);
        var keyWithout = AuditReader.ApiKey(Guid.NewGuid(), _hub.A.Id, ["automs.view"]);

        // A key whose id is an MSP admin's user id is still a key: never an MSP admin.
        var lookalike = AuditReader.ApiKey(_mspAdmin.Id, _hub.A.Id, ["audit.view"]);
        await RecordAsync(new AuditEntry("sample.b.thing", _hub.B.Id));
        using (_hub.In(_hub.A))
        {
            var own = await QueryAsync(key, new AuditQuery { TenantId = _hub.A.Id });
            Assert.NotEmpty(own.Items);
            Assert.All(own.Items, r => Assert.Equal(_hub.A.Id, r.TenantId));
            Assert.True((await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, key))).IsIntact);
            using var destination = new MemoryStream();
            await WithAsync(sp => sp.GetRequiredService<IAuditLog>().ExportAsync(new AuditExport { TenantId = _hub.A.Id }, key, destination));

            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(keyWithout, new AuditQuery { TenantId = _hub.A.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, keyWithout)));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(key, new AuditQuery { TenantId = _hub.B.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(key, new AuditQuery { TenantId = null }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(lookalike, new AuditQuery { TenantId = null }));
        }

        // Inside another tenant, the key reads neither that tenant's chain nor its own.
        using (_hub.In(_hub.B))
        {
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(AuditReader.ApiKey(keyId, _hub.A.Id, ["audit.view"]), new AuditQuery { TenantId = _hub.B.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(key, new AuditQuery { TenantId = _hub.A.Id }));
        }

        var exported = (await _hub.AuditRecordsAsync(_hub.A.Id))[^1];
        Assert.Equal((AuditActions.AuditExported, AuditActor.ApiKey(keyId)), (exported.Action, exported.Actor));
    }

    [DatabaseFact]
    public async Task Verify_a_chain_only_for_those_who_may_read_it()
    {
        Assert.True((await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(null, AuditReader.User(_mspAdmin.Id)))).IsIntact);
        using (_hub.In(_hub.A))
        {
            Assert.True((await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, AuditReader.User(_auditor.Id)))).IsIntact);
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, AuditReader.User(_agent.Id))));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(null, AuditReader.User(_auditor.Id))));
        }
    }

    [DatabaseFact]
    public async Task Export_a_chain_as_json_lines_with_its_checkpoints_and_keys_that_verify_offline()
    {
        for (var i = 0; i < 5; i++)
        {
            await RecordAsync(new AuditEntry("sample.autom.created", _hub.A.Id) { TargetType = "autom", TargetId = $"é{i}", Detail = new Dictionary<string, string> { ["n"] = $"{i}" } });
        }

        var records = await _hub.AuditRecordsAsync(_hub.A.Id);
        var (summary, lines) = await ExportAsync(_mspAdmin, new AuditExport { TenantId = _hub.A.Id });

        Assert.Equal((records.Count, 1L, (long)records.Count), (summary.Records, summary.FirstSequence, summary.LastSequence));
        Assert.Equal(["header", "key"], lines.Take(2).Select(l => l.GetProperty("type").GetString()));
        Assert.Equal(_hub.A.Id.ToString(), lines[0].GetProperty("tenantId").GetString());
        Assert.Equal(_key.PublicKeyPem.Trim(), lines[1].GetProperty("publicKey").GetString()!.Trim());
        var recordLines = lines.Where(l => l.GetProperty("type").GetString() == "record").ToList();
        Assert.Equal(records.Select(r => (r.Sequence, r.Action, r.TargetId, r.PreviousHash, r.Hash)),
            recordLines.Select(l => (l.GetProperty("sequence").GetInt64(), l.GetProperty("action").GetString()!, l.GetProperty("targetId").GetString(), l.GetProperty("previousHash").GetString()!, l.GetProperty("hash").GetString()!)));
        var checkpointAt = lines.FindIndex(l => l.GetProperty("type").GetString() == "checkpoint" && l.GetProperty("number").GetInt64() == 2);
        Assert.Equal(4, lines[checkpointAt - 1].GetProperty("sequence").GetInt64());

        var verification = await AuditExportVerifier.VerifyAsync(new MemoryStream(_lastExport), [_key.PublicKeyPem]);
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(records.Count, verification.RecordsChecked);
        var exported = (await _hub.AuditRecordsAsync(_hub.A.Id))[^1];
        Assert.Equal((AuditActions.AuditExported, AuditActor.User(_mspAdmin.Id)), (exported.Action, exported.Actor));
        Assert.Equal(records.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), exported.Detail["last-sequence"]);
    }

    [DatabaseFact]
    public async Task Export_the_run_of_records_in_a_time_range_which_verifies_from_the_middle()
    {
        for (var i = 0; i < 6; i++)
        {
            await RecordAsync(new AuditEntry($"sample.step-{i}", _hub.A.Id));
        }

        var records = await _hub.AuditRecordsAsync(_hub.A.Id);
        var (summary, lines) = await ExportAsync(_mspAdmin, new AuditExport { TenantId = _hub.A.Id, From = records[3].OccurredAt, To = records[6].OccurredAt });

        Assert.Equal((3L, 4L, 6L), (summary.Records, summary.FirstSequence, summary.LastSequence));
        Assert.Equal([4L, 5, 6], lines.Where(l => l.GetProperty("type").GetString() == "record").Select(l => l.GetProperty("sequence").GetInt64()));
        var verification = await AuditExportVerifier.VerifyAsync(new MemoryStream(_lastExport), [_key.PublicKeyPem]);
        Assert.True(verification.IsIntact, verification.Message);
    }

    [DatabaseFact]
    public async Task Let_only_those_who_may_read_a_chain_export_it()
    {
        using (_hub.In(_hub.A))
        {
            var (own, _) = await ExportAsync(_auditor, new AuditExport { TenantId = _hub.A.Id });
            Assert.True(own.Records > 0);
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => ExportAsync(_auditor, new AuditExport { TenantId = _hub.B.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => ExportAsync(_auditor, new AuditExport { TenantId = null }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => ExportAsync(_agent, new AuditExport { TenantId = _hub.A.Id }));
        }

        await Assert.ThrowsAsync<AuditAccessDeniedException>(() => ExportAsync(_auditor, new AuditExport { TenantId = _hub.A.Id }));
        Assert.Single(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.AuditExported);
        var (msp, _) = await ExportAsync(_mspAdmin, new AuditExport { TenantId = null });
        Assert.True(msp.Records > 0);
    }

    [DatabaseFact]
    public async Task Export_a_chain_as_oscal_with_one_observation_per_record_and_the_chain_fields()
    {
        await RecordAsync(new AuditEntry("sample.autom.created", _hub.A.Id) { TargetType = "autom", TargetId = "a1" });
        var records = await _hub.AuditRecordsAsync(_hub.A.Id);

        using var destination = new MemoryStream();
        var summary = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().ExportAsync(
            new AuditExport { TenantId = _hub.A.Id, Format = AuditExportFormat.OscalAssessmentResults }, _mspAdmin.Id, destination));

        using var document = JsonDocument.Parse(destination.ToArray());
        var observations = document.RootElement.GetProperty("assessment-results").GetProperty("results")[0].GetProperty("observations").EnumerateArray().ToList();
        Assert.Equal((records.Count, 0L), (observations.Count, summary.Checkpoints));
        var last = observations[^1].GetProperty("props").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal((records[^1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), records[^1].Hash, records[^1].PreviousHash), (last["sequence"], last["hash"], last["previous-hash"]));
        Assert.Equal(records[^1].OccurredAt, DateTimeOffset.Parse(observations[^1].GetProperty("collected").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private byte[] _lastExport = [];

    private async Task<(AuditExportSummary Summary, List<JsonElement> Lines)> ExportAsync(HubUser reader, AuditExport export)
    {
        using var destination = new MemoryStream();
        var summary = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().ExportAsync(export, reader.Id, destination));
        _lastExport = destination.ToArray();
        var lines = Encoding.UTF8.GetString(_lastExport).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        return (summary, lines);
    }

    private Task<AuditPage> QueryAsync(HubUser reader, AuditQuery query) =>
        WithAsync(sp => sp.GetRequiredService<IAuditLog>().QueryAsync(query, reader.Id));

    private Task<AuditPage> QueryAsync(AuditReader reader, AuditQuery query) =>
        WithAsync(sp => sp.GetRequiredService<IAuditLog>().QueryAsync(query, reader));

    private Task<AuditRecord?> RecordAsync(AuditEntry entry) => WithAsync(sp => sp.GetRequiredService<IAuditLog>().RecordAsync(entry));

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

public sealed class SqliteAuditReadingShould() : AuditReadingSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresAuditReadingShould() : AuditReadingSuite(DatabaseProvider.Postgres);
