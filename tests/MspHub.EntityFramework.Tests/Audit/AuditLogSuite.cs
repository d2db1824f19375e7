using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// The audit log on a real database: a record commits or rolls back with the change it describes, concurrent
/// writers leave gap-free chains, and rows tampered with by plain SQL are found and named. Checkpoints are signed every
/// three records (and at each chain's first), so every test also runs with them.
/// </summary>
public abstract class AuditLogSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly FailingAuditHook _hook = new();
    private readonly TestAuditKey _oldKey = TestAuditKey.Create("audit-old");
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private TestHub _hub = null!;

    // What the next node of the host signs with: read when a node first resolves its options, so a rotation is a new node.
    private Action<AuditCheckpointOptions> _signing = null!;

    public async Task InitializeAsync()
    {
        _signing = _oldKey.Signing(everyRecords: 3);
        _hub = await TestHub.CreateAsync(provider, configure: hub =>
        {
            hub.Services.AddSingleton<IAuditHook>(_hook).AddSingleton<TimeProvider>(_clock);
            hub.AddAuditCheckpoints(o => _signing(o));
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Commit_a_record_with_its_change_and_roll_it_back_with_it()
    {
        Assert.False(await ChangeAndRecordAsync("kept-out", failBeforeCommit: true));
        Assert.Equal(0, await AutomCountAsync());
        Assert.Empty(await _hub.AuditRecordsAsync(_hub.A.Id));

        Assert.True(await ChangeAndRecordAsync("kept", failBeforeCommit: false));
        Assert.Equal(1, await AutomCountAsync());
        var record = Assert.Single(await _hub.AuditRecordsAsync(_hub.A.Id));
        Assert.Equal(("sample.autom.created", "kept", 1L, AuditHash.Genesis), (record.Action, record.TargetId, record.Sequence, record.PreviousHash));
        Assert.True((await VerifyAsync(_hub.A.Id)).IsIntact);
    }

    [DatabaseFact]
    public async Task Roll_back_a_tenant_creation_whose_record_a_hook_refuses()
    {
        _hook.FailOn = AuditActions.TenantCreated;

        await Assert.ThrowsAsync<InvalidOperationException>(() => WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("acme", "Acme")));

        _hook.FailOn = null;
        Assert.Null(await WithAsync(sp => sp.GetRequiredService<ITenantStore>().FindBySlugAsync("acme").AsTask()));
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantCreated);
        var created = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("acme", "Acme"));
        Assert.Single(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantCreated && r.TargetId == created.Id.ToString());
        Assert.True((await VerifyAsync(null)).IsIntact);
    }

    [DatabaseFact]
    public async Task Write_an_access_change_and_its_record_in_one_transaction()
    {
        var user = HubUser.Create("agent");
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<IMspAccessManager>().AddUserAsync(user);
            using (_hub.In(_hub.A))
            {
                await sp.GetRequiredService<ITenantAccessManager>().SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
            }

            return true;
        });
        _hook.FailOn = AuditActions.MemberSet;

        await Assert.ThrowsAsync<InvalidOperationException>(() => SetMemberAsync(user));

        _hook.FailOn = null;
        Assert.Null(await WithAsync(sp => sp.GetRequiredService<IAccessStore>().FindMembershipAsync(user.Id, _hub.A.Id).AsTask()));
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.MemberSet);
        await SetMemberAsync(user);
        Assert.NotNull(await WithAsync(sp => sp.GetRequiredService<IAccessStore>().FindMembershipAsync(user.Id, _hub.A.Id).AsTask()));
        Assert.Single(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.MemberSet && r.TargetId == user.Id.ToString());
        Assert.True((await VerifyAsync(_hub.A.Id)).IsIntact);
    }

    [DatabaseFact]
    public async Task Keep_one_tenants_chain_gap_free_under_64_concurrent_writers()
    {
        var written = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => ChangeAndRecordAsync($"autom-{i}", failBeforeCommit: false))));

        Assert.All(written, Assert.True);
        Assert.Equal(64, await AutomCountAsync());
        var records = await _hub.AuditRecordsAsync(_hub.A.Id);
        Assert.Equal(Enumerable.Range(1, 64).Select(i => (long)i), records.Select(r => r.Sequence));
        Assert.Equal(64, records.Select(r => r.TargetId).Distinct().Count());
        var verification = await VerifyAsync(_hub.A.Id);
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(64, verification.RecordsChecked);
    }

    [DatabaseFact]
    public async Task Keep_chains_of_20_tenants_and_the_msp_gap_free_under_concurrent_writers()
    {
        var tenants = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToList();
        Guid?[] chains = [.. tenants.Select(t => (Guid?)t), null];

        await Task.WhenAll(chains.SelectMany(chain => Enumerable.Range(0, 4).Select(i => Task.Run(() => RecordAsync(chain, $"write-{i}")))));

        foreach (var chain in chains)
        {
            var records = await _hub.AuditRecordsAsync(chain);
            Assert.Equal([1L, 2, 3, 4], records.Select(r => r.Sequence));
            Assert.All(records, r => Assert.Equal(chain, r.TenantId));
            Assert.True((await VerifyAsync(chain)).IsIntact);
        }
    }

    [DatabaseFact]
    public async Task Verify_a_range_from_the_middle_and_refuse_a_backwards_one()
    {
        await SixRecordsAsync();

        var middle = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, 3, 5));

        Assert.True(middle.IsIntact, middle.Message);
        Assert.Equal(3, middle.RecordsChecked);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, 5, 3)));
    }

    [DatabaseFact]
    public async Task Refuse_a_range_that_starts_after_the_last_record_and_check_one_that_starts_at_it()
    {
        await SixRecordsAsync();

        var last = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, 6));
        var empty = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.B.Id));

        Assert.Equal((true, 1L), (last.IsIntact, last.RecordsChecked));
        Assert.Equal((true, 0L), (empty.IsIntact, empty.RecordsChecked));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id, 7)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(_hub.B.Id, 2)));
    }

    [DatabaseFact]
    public async Task Find_a_record_whose_content_was_changed()
    {
        await SixRecordsAsync();

        await SqlAsync($"UPDATE {Records} SET {Column("action")} = 'sample.nothing-happened' WHERE {InChainA} AND {Column("sequence")} = 3");

        await ExpectAsync(AuditChainProblem.ContentChanged, 3);
    }

    [DatabaseFact]
    public async Task Find_a_record_whose_previous_hash_is_no_hash_at_all()
    {
        await SixRecordsAsync();

        await SqlAsync($"UPDATE {Records} SET {Column("previous_hash")} = 'not-a-hash' WHERE {InChainA} AND {Column("sequence")} = 3");

        await ExpectAsync(AuditChainProblem.ContentChanged, 3);
    }

    [DatabaseFact]
    public async Task Find_a_record_rewritten_with_a_fresh_hash()
    {
        var records = await SixRecordsAsync();
        var forged = records[2] with { Action = "sample.nothing-happened" };

        await SqlAsync($"UPDATE {Records} SET {Column("action")} = '{forged.Action}', {Column("hash")} = '{AuditHash.Compute(forged)}' WHERE {InChainA} AND {Column("sequence")} = 3");

        await ExpectAsync(AuditChainProblem.ContentChanged, 3);
    }

    [DatabaseFact]
    public async Task Find_a_record_whose_detail_was_given_a_null_value()
    {
        await SixRecordsAsync();

        await SqlAsync($"UPDATE {Records} SET {Column("detail")} = '{{\"name\":null}}' WHERE {InChainA} AND {Column("sequence")} = 3");

        await ExpectAsync(AuditChainProblem.ContentChanged, 3);
    }

    [DatabaseFact]
    public async Task Find_a_missing_record()
    {
        await SixRecordsAsync();

        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} = 3");

        await ExpectAsync(AuditChainProblem.Missing, 3);
    }

    [DatabaseFact]
    public async Task Find_records_that_were_reordered()
    {
        await SixRecordsAsync();

        await SqlAsync($"UPDATE {Records} SET {Column("sequence")} = -1 WHERE {InChainA} AND {Column("sequence")} = 3");
        await SqlAsync($"UPDATE {Records} SET {Column("sequence")} = 3 WHERE {InChainA} AND {Column("sequence")} = 4");
        await SqlAsync($"UPDATE {Records} SET {Column("sequence")} = 4 WHERE {InChainA} AND {Column("sequence")} = -1");

        await ExpectAsync(AuditChainProblem.Reordered, 3);
    }

    [DatabaseFact]
    public async Task Find_an_inserted_record_even_with_a_valid_hash_and_a_moved_head()
    {
        var records = await SixRecordsAsync();
        var forged = records[2] with { Sequence = 4, Action = "sample.forged", PreviousHash = records[2].Hash };
        var hash = AuditHash.Compute(forged);

        for (var sequence = 6; sequence >= 4; sequence--)
        {
            await SqlAsync($"UPDATE {Records} SET {Column("sequence")} = {sequence + 1} WHERE {InChainA} AND {Column("sequence")} = {sequence}");
        }

        var columns = "occurred_at, actor_kind, actor_id, target_type, target_id, outcome, reason, correlation_id, trace_id, detail"
            .Split(", ").Select(Column).ToList();
        await SqlAsync(
            $"INSERT INTO {Records} ({Column("chain_id")}, {Column("sequence")}, {Column("action")}, {Column("previous_hash")}, {Column("hash")}, {string.Join(", ", columns)}) "
            + $"SELECT {Column("chain_id")}, 4, '{forged.Action}', '{forged.PreviousHash}', '{hash}', {string.Join(", ", columns)} FROM {Records} WHERE {InChainA} AND {Column("sequence")} = 3");
        await SqlAsync($"UPDATE {Heads} SET {Column("sequence")} = 7 WHERE {InChainA}");

        await ExpectAsync(AuditChainProblem.Inserted, 4);
    }

    // A record written behind the store's back after the last one, validly chained, leaves the head where it was: the
    // head read again when the walk ends past it still stands, so it is an insertion, not an append made meanwhile.
    [DatabaseFact]
    public async Task Find_a_record_appended_after_the_head_without_moving_it()
    {
        var records = await SixRecordsAsync();
        var forged = records[5] with { Sequence = 7, Action = "sample.forged", PreviousHash = records[5].Hash };
        var hash = AuditHash.Compute(forged);
        var columns = "occurred_at, actor_kind, actor_id, target_type, target_id, outcome, reason, correlation_id, trace_id, detail"
            .Split(", ").Select(Column).ToList();

        await SqlAsync(
            $"INSERT INTO {Records} ({Column("chain_id")}, {Column("sequence")}, {Column("action")}, {Column("previous_hash")}, {Column("hash")}, {string.Join(", ", columns)}) "
            + $"SELECT {Column("chain_id")}, 7, '{forged.Action}', '{forged.PreviousHash}', '{hash}', {string.Join(", ", columns)} FROM {Records} WHERE {InChainA} AND {Column("sequence")} = 6");

        await ExpectAsync(AuditChainProblem.Inserted, 7);
    }

    [DatabaseFact]
    public async Task Find_a_truncated_chain()
    {
        await SixRecordsAsync();

        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} >= 5");

        await ExpectAsync(AuditChainProblem.Truncated, 5);
    }

    // The table no longer holds the deleted records, but the head and the checkpoints say where the chain runs: an export
    // spans that, so verifying it offline finds what VerifyAsync finds instead of an export that looks whole.
    [DatabaseFact]
    public async Task Export_a_chain_whose_tail_or_first_records_were_deleted_so_that_it_does_not_verify()
    {
        await SixRecordsAsync();
        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} >= 4");

        var (tail, tailCheck) = await ExportAndVerifyAsync(new AuditExport { TenantId = _hub.A.Id });
        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} <= 2");
        var (_, prefixCheck) = await ExportAndVerifyAsync(new AuditExport { TenantId = _hub.A.Id });

        Assert.Equal((1L, 6L, 3L), (tail.FirstSequence, tail.LastSequence, tail.Records));
        Assert.Equal((AuditChainProblem.Truncated, 4L), (tailCheck.Problem, tailCheck.Sequence));
        Assert.Equal((AuditChainProblem.Missing, 1L), (prefixCheck.Problem, prefixCheck.Sequence));
        await ExpectAsync(AuditChainProblem.Missing, 1);
    }

    // A deleted record's time is gone with it, so a record missing right outside the range may have been in it: taken in.
    [DatabaseFact]
    public async Task Export_a_time_range_with_a_record_deleted_at_its_edge_so_that_it_does_not_verify()
    {
        var records = await SixRecordsAsync(advance: TimeSpan.FromSeconds(1));
        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} IN (2, 5)");

        var (edges, edgesCheck) = await ExportAndVerifyAsync(new AuditExport { TenantId = _hub.A.Id, From = records[2].OccurredAt, To = records[4].OccurredAt });
        var (end, endCheck) = await ExportAndVerifyAsync(new AuditExport { TenantId = _hub.A.Id, From = records[3].OccurredAt, To = records[4].OccurredAt });
        var (gone, goneCheck) = await ExportAndVerifyAsync(new AuditExport { TenantId = _hub.A.Id, From = records[4].OccurredAt, To = records[5].OccurredAt });

        Assert.Equal((2L, 5L, AuditChainProblem.Missing, 2L), (edges.FirstSequence, edges.LastSequence, edgesCheck.Problem, edgesCheck.Sequence));
        Assert.Equal((4L, 5L, AuditChainProblem.Truncated, 5L), (end.FirstSequence, end.LastSequence, endCheck.Problem, endCheck.Sequence));
        Assert.Equal((5L, 5L, 0L, AuditChainProblem.Truncated, 5L), (gone.FirstSequence, gone.LastSequence, gone.Records, goneCheck.Problem, goneCheck.Sequence));
    }

    [DatabaseFact]
    public async Task Sign_a_chains_first_record_and_then_every_three_in_the_records_transaction()
    {
        await SixRecordsAsync();
        Assert.False(await ChangeAndRecordAsync("rolled-back", failBeforeCommit: true));

        var checkpoints = await CheckpointsAsync(_hub.A.Id);

        Assert.Equal([(1L, 1L, 1L), (2, 2, 4)], checkpoints.Select(c => (c.Number, c.FromSequence, c.ToSequence)));
        Assert.All(checkpoints, c => Assert.Equal("audit-old", c.KeyId));
        Assert.Equal("", checkpoints[0].PreviousSignature);
        Assert.Equal(checkpoints[0].Signature, checkpoints[1].PreviousSignature);
        Assert.True((await VerifyAsync(_hub.A.Id)).IsIntact);
    }

    [DatabaseFact]
    public async Task Keep_chain_and_checkpoints_gap_free_under_32_concurrent_writers()
    {
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => ChangeAndRecordAsync($"autom-{i}", failBeforeCommit: false))));

        var checkpoints = await CheckpointsAsync(_hub.A.Id);

        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), checkpoints.Select(c => c.Number));
        Assert.Equal(31, checkpoints[^1].ToSequence);
        var verification = await VerifyAsync(_hub.A.Id);
        Assert.True(verification.IsIntact, verification.Message);
    }

    [DatabaseFact]
    public async Task Find_records_rewritten_and_rehashed_with_their_head_by_the_checkpoint_that_signed_them()
    {
        var records = await SixRecordsAsync();
        var previous = records[1].Hash;
        for (var i = 2; i < 6; i++)
        {
            var placed = records[i] with { Action = i == 2 ? "sample.nothing-happened" : records[i].Action, PreviousHash = previous };
            previous = AuditHash.Compute(placed);
            await SqlAsync($"UPDATE {Records} SET {Column("action")} = '{placed.Action}', {Column("previous_hash")} = '{placed.PreviousHash}', {Column("hash")} = '{previous}' WHERE {InChainA} AND {Column("sequence")} = {placed.Sequence}");
        }

        await SqlAsync($"UPDATE {Heads} SET {Column("hash")} = '{previous}' WHERE {InChainA}");

        await ExpectAsync(AuditChainProblem.ContentChanged, 2);
    }

    [DatabaseFact]
    public async Task Find_a_tail_removed_with_its_head_below_the_last_checkpoint()
    {
        var records = await SixRecordsAsync();

        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} >= 3");
        await SqlAsync($"UPDATE {Heads} SET {Column("sequence")} = 2, {Column("hash")} = '{records[1].Hash}' WHERE {InChainA}");

        await ExpectAsync(AuditChainProblem.Truncated, 3);
    }

    [DatabaseFact]
    public async Task Find_a_quiet_tail_removed_with_its_head_once_sealed()
    {
        var records = await SixRecordsAsync();              // checkpoints at 1 and 4; 5 and 6 wait for the next one
        _clock.Advance(TimeSpan.FromHours(1));

        var seal = Assert.Single(await WithAsync(sp => sp.GetRequiredService<IAuditSealer>().SealQuietChainsAsync()));

        Assert.Equal((_hub.A.Id, 7L), (seal.TenantId, seal.Sequence));
        Assert.Equal(7, (await CheckpointsAsync(_hub.A.Id))[^1].ToSequence);
        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} >= 5");
        await SqlAsync($"UPDATE {Heads} SET {Column("sequence")} = 4, {Column("hash")} = '{records[3].Hash}' WHERE {InChainA}");

        await ExpectAsync(AuditChainProblem.Truncated, 5);
    }

    [DatabaseFact]
    public async Task Report_a_tail_left_unsigned_past_the_interval_and_grace_until_it_is_sealed()
    {
        await SixRecordsAsync();                            // checkpoints at 1 and 4; 5 and 6 wait for the next one
        _clock.Advance(TimeSpan.FromHours(2));
        var young = await VerifyAsync(_hub.A.Id);
        Assert.True(young.IsIntact, young.Message);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await ExpectAsync(AuditChainProblem.CheckpointOverdue, 5);

        Assert.Single(await WithAsync(sp => sp.GetRequiredService<IAuditSealer>().SealQuietChainsAsync()));
        var sealedChain = await VerifyAsync(_hub.A.Id);
        Assert.True(sealedChain.IsIntact, sealedChain.Message);
    }

    [DatabaseFact]
    public async Task Find_the_last_checkpoint_removed_once_the_tail_is_longer_than_an_append_leaves_unsigned()
    {
        await SixRecordsAsync();

        await SqlAsync($"DELETE FROM {Checkpoints} WHERE {InChainA} AND {Column("number")} = 2");

        await ExpectAsync(AuditChainProblem.UnsignedTail, 4);
    }

    [DatabaseFact]
    public async Task Find_a_tail_reforged_without_the_key_after_the_checkpoint_its_append_would_have_signed()
    {
        var records = await SixRecordsAsync();
        _clock.Advance(TimeSpan.FromHours(3));
        var forged = records[5] with { OccurredAt = _clock.GetUtcNow(), Action = "sample.nothing-to-see" };
        forged = forged with { Hash = AuditHash.Compute(forged) };
        var at = Sqlite
            ? (forged.OccurredAt - DateTimeOffset.UnixEpoch).Ticks / 10 + ""
            : $"'{forged.OccurredAt:O}'::timestamptz";

        await SqlAsync($"UPDATE {Records} SET {Column("occurred_at")} = {at}, {Column("action")} = '{forged.Action}', {Column("hash")} = '{forged.Hash}' WHERE {InChainA} AND {Column("sequence")} = 6");
        await SqlAsync($"UPDATE {Heads} SET {Column("hash")} = '{forged.Hash}' WHERE {InChainA}");

        await ExpectAsync(AuditChainProblem.UnsignedTail, 6);
    }

    [DatabaseFact]
    public async Task Find_a_tail_removed_with_its_head_row()
    {
        await SixRecordsAsync();

        await SqlAsync($"DELETE FROM {Records} WHERE {InChainA} AND {Column("sequence")} >= 3");
        await SqlAsync($"DELETE FROM {Heads} WHERE {InChainA}");

        await ExpectAsync(AuditChainProblem.Truncated, 3);
    }

    [DatabaseFact]
    public async Task Find_a_forged_checkpoint()
    {
        var records = await SixRecordsAsync();

        await SqlAsync($"UPDATE {Checkpoints} SET {Column("to_sequence")} = 5, {Column("head_hash")} = '{records[4].Hash}' WHERE {InChainA} AND {Column("number")} = 2");

        await ExpectAsync(AuditChainProblem.CheckpointForged, 5);
    }

    [DatabaseFact]
    public async Task Find_a_checkpoint_signed_with_an_unknown_key()
    {
        await SixRecordsAsync();

        await SqlAsync($"UPDATE {Checkpoints} SET {Column("key_id")} = 'audit-stolen' WHERE {InChainA} AND {Column("number")} = 2");

        await ExpectAsync(AuditChainProblem.UnknownKey, 4);
    }

    [DatabaseFact]
    public async Task Find_a_removed_checkpoint()
    {
        await SixRecordsAsync();

        await SqlAsync($"DELETE FROM {Checkpoints} WHERE {InChainA} AND {Column("number")} = 1");

        await ExpectAsync(AuditChainProblem.CheckpointChainBroken, 4);
    }

    [DatabaseFact]
    public async Task Verify_checkpoints_of_a_retired_key_after_a_rotation_on_a_verifying_node_and_not_without_it()
    {
        await SixRecordsAsync();
        var newKey = TestAuditKey.Create("audit-new");

        _signing = newKey.Signing(everyRecords: 3, _oldKey);
        await using (var rotated = _hub.NewNode())
        {
            for (var i = 0; i < 3; i++)
            {
                await using var scope = rotated.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.after-rotation", _hub.A.Id));
            }

            await using var check = rotated.CreateAsyncScope();
            var verification = await check.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id);
            Assert.True(verification.IsIntact, verification.Message);
        }

        Assert.Equal(["audit-old", "audit-old", "audit-new"], (await CheckpointsAsync(_hub.A.Id)).Select(c => c.KeyId));
        _signing = o =>
        {
            o.RetiredPublicKeys[_oldKey.KeyId] = _oldKey.PublicKeyPem;
            o.RetiredPublicKeys[newKey.KeyId] = newKey.PublicKeyPem;
        };
        await using (var verifier = _hub.NewNode())
        {
            await using var scope = verifier.CreateAsyncScope();
            var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
            await log.RecordAsync(new AuditEntry("sample.on-a-verifying-node", _hub.A.Id));
            var verification = await log.VerifyAsync(_hub.A.Id);
            Assert.True(verification.IsIntact, verification.Message);
            Assert.Equal(3, (await CheckpointsAsync(_hub.A.Id)).Count);
        }

        _signing = newKey.Signing(everyRecords: 3);
        await using var forgetful = _hub.NewNode();
        await using var forgetfulScope = forgetful.CreateAsyncScope();
        var without = await forgetfulScope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id);
        Assert.Equal((AuditChainProblem.UnknownKey, 1L), (without.Problem, without.FirstBadSequence));
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

    // A host's unit of work: a change and its record in one transaction, or (failing between them and the commit) neither.
    private async Task<bool> ChangeAndRecordAsync(string name, bool failBeforeCommit)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        using (_hub.In(_hub.A))
        {
            var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Automs.Add(new Autom { Name = name });
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(
                new AuditEntry("sample.autom.created", _hub.A.Id) { TargetType = "autom", TargetId = name, Actor = AuditActor.User(Guid.CreateVersion7()) });
            if (failBeforeCommit)
            {
                return false; // the transaction is disposed uncommitted: rolled back
            }

            await transaction.CommitAsync();
            return true;
        }
    }

    private Task<bool> SetMemberAsync(HubUser user) =>
        WithAsync(async sp =>
        {
            using (_hub.In(_hub.A))
            {
                await sp.GetRequiredService<ITenantAccessManager>().SetMemberAsync(_hub.A.Id, user.Id, ["Agent"]);
                return true;
            }
        });

    private Task<AuditRecord?> RecordAsync(Guid? chain, string action) =>
        WithAsync(sp => sp.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry($"sample.{action}", chain)));

    private async Task<List<AuditRecord>> SixRecordsAsync(TimeSpan advance = default)
    {
        for (var i = 1; i <= 6; i++)
        {
            await RecordAsync(_hub.A.Id, $"step-{i}");
            _clock.Advance(advance);
        }

        return await _hub.AuditRecordsAsync(_hub.A.Id);
    }

    // Exported by an MSP admin, then verified offline with the host's key.
    private async Task<(AuditExportSummary Summary, AuditExportVerification Check)> ExportAndVerifyAsync(AuditExport export)
    {
        var admin = HubUser.Create($"admin-{Guid.NewGuid():N}", SystemRole.MspAdmin);
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<IMspAccessManager>().AddUserAsync(admin);
            return true;
        });
        using var destination = new MemoryStream();
        var summary = await WithAsync(sp => sp.GetRequiredService<IAuditLog>().ExportAsync(export, admin.Id, destination));
        destination.Position = 0;
        return (summary, await AuditExportVerifier.VerifyAsync(destination, [_oldKey.PublicKeyPem]));
    }

    private async Task ExpectAsync(AuditChainProblem problem, long sequence)
    {
        var verification = await VerifyAsync(_hub.A.Id);
        Assert.Equal((problem, sequence), (verification.Problem, verification.FirstBadSequence));
        Assert.False(verification.IsIntact);
        Assert.False(string.IsNullOrEmpty(verification.Message));
    }

    private Task<AuditVerification> VerifyAsync(Guid? chain) => WithAsync(sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(chain));

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private async Task<int> AutomCountAsync()
    {
        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
            return await db.Automs.CountAsync();
        }
    }

    private bool Sqlite => provider == DatabaseProvider.Sqlite;

    private string Records => Sqlite ? "\"audit_records\"" : "\"msphub\".\"audit_records\"";

    private string Heads => Sqlite ? "\"audit_chain_heads\"" : "\"msphub\".\"audit_chain_heads\"";

    private string Checkpoints => Sqlite ? "\"audit_checkpoints\"" : "\"msphub\".\"audit_checkpoints\"";

    // EF Core keeps a Guid as upper-case text on SQLite and as uuid on PostgreSQL.
    private string InChainA => $"{Column("chain_id")} = " + (Sqlite ? $"'{_hub.A.Id.ToString().ToUpperInvariant()}'" : $"'{_hub.A.Id}'::uuid");

    private static string Column(string name) => $"\"{name}\"";

    private async Task SqlAsync(string sql)
    {
        await using var connection = await _hub.OpenOwnerConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0, $"Tampering changed nothing: {sql}");
    }
}

public sealed class SqliteAuditLogShould() : AuditLogSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresAuditLogShould() : AuditLogSuite(DatabaseProvider.Postgres);
