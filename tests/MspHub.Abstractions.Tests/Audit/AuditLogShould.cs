using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>The audit log in memory: what it stamps, what it refuses, how it aggregates refusals, and the chain it keeps.</summary>
public sealed class AuditLogShould : IAsyncDisposable
{
    private static readonly Guid Contoso = Guid.CreateVersion7();
    private readonly ManualClock _clock = new();
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    public AuditLogShould()
    {
        _services = Hub.Build(hub => hub.AddInMemoryTenantStore(), services => services.AddSingleton<TimeProvider>(_clock));
        _scope = _services.CreateAsyncScope();
    }

    private IAuditLog Log => _scope.ServiceProvider.GetRequiredService<IAuditLog>();

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Stamp_the_time_actor_and_trace_and_chain_each_record_to_the_one_before()
    {
        using var activity = new Activity("sample.request").SetIdFormat(ActivityIdFormat.W3C).Start();

        var first = await Log.RecordAsync(new AuditEntry("sample.autom.created", Contoso) { TargetType = "autom", TargetId = "a1" });
        var second = await Log.RecordAsync(new AuditEntry("sample.autom.deleted", Contoso) { Actor = AuditActor.ApiKey(Guid.CreateVersion7()), CorrelationId = "job-42" });

        Assert.Equal((1L, AuditHash.Genesis), (first!.Sequence, first.PreviousHash));
        Assert.Equal((2L, first.Hash), (second!.Sequence, second.PreviousHash));
        Assert.Equal(_clock.Now, first.OccurredAt);
        Assert.Equal(AuditActor.System, first.Actor);
        Assert.Equal(AuditActorKind.ApiKey, second.Actor.Kind);
        Assert.Equal(activity.TraceId.ToHexString(), first.TraceId);
        Assert.Equal(activity.SpanId.ToHexString(), first.CorrelationId);
        Assert.Equal("job-42", second.CorrelationId);
        Assert.Equal(AuditHash.Compute(second), second.Hash);
        Assert.True((await Log.VerifyAsync(Contoso)).IsIntact);
        Assert.Equal(0, (await Log.VerifyAsync(null)).RecordsChecked);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("api_key")]
    [InlineData("refresh-token")]
    [InlineData("client_secret")]
    [InlineData("Upper")]
    [InlineData("tenant id")]
    [InlineData("ssh.private-key")]
    public async Task Refuse_detail_that_names_a_secret_or_breaks_the_key_rules(string key)
    {
        var entry = new AuditEntry("sample.login", Contoso) { Detail = new Dictionary<string, string> { [key] = "hunter2" } };

        await Assert.ThrowsAsync<InvalidAuditEntryException>(() => Log.RecordAsync(entry));
        Assert.Equal(0, (await Log.VerifyAsync(Contoso)).RecordsChecked);
    }

    [Fact]
    public async Task Keep_a_sorted_list_detail_as_its_own_ordinal_copy_and_check_it_like_any_other()
    {
        // Sorted backwards, so the record must re-sort it into the order its hash encodes.
        var backwards = Comparer<string>.Create((x, y) => string.CompareOrdinal(y, x));
        var given = new SortedList<string, string>(backwards) { ["b"] = "2", ["c"] = "3", ["a"] = "1" };
        var record = await Log.RecordAsync(new AuditEntry("sample.autom.created", Contoso) { Detail = given });
        given["b"] = "changed";

        Assert.Equal(["a", "b", "c"], record!.Detail.Keys);
        Assert.Equal("2", record.Detail["b"]);
        Assert.Equal(AuditHash.Compute(record), record.Hash);
        var secret = new SortedList<string, string> { ["token"] = "hunter2" };
        await Assert.ThrowsAsync<InvalidAuditEntryException>(() => Log.RecordAsync(new AuditEntry("sample.x", Contoso) { Detail = secret }));
    }

    [Fact]
    public async Task Refuse_an_empty_action_guid_empty_as_a_tenant_and_too_much_detail()
    {
        await Assert.ThrowsAsync<InvalidAuditEntryException>(() => Log.RecordAsync(new AuditEntry(" ", Contoso)));
        await Assert.ThrowsAsync<InvalidAuditEntryException>(() => Log.RecordAsync(new AuditEntry("sample.x", Guid.Empty)));
        var detail = Enumerable.Range(0, AuditEntry.MaxDetailEntries + 1).ToDictionary(i => $"k{i}", i => "v");
        await Assert.ThrowsAsync<InvalidAuditEntryException>(() => Log.RecordAsync(new AuditEntry("sample.x", Contoso) { Detail = detail }));
    }

    [Fact]
    public async Task Hand_back_a_failure_in_the_task_rather_than_throwing_at_the_call()
    {
        await using var services = Hub.Build(hub => hub.AddInMemoryTenantStore(), s => s.AddSingleton<IAuditHook, ThrowingHook>());
        await using var scope = services.CreateAsyncScope();
        var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();

        var missing = log.RecordAsync(null!);
        var hooked = log.RecordAsync(new AuditEntry("sample.autom.created", Contoso));

        Assert.True(missing.IsFaulted);
        await Assert.ThrowsAsync<ArgumentNullException>(() => missing);
        Assert.Equal("hook failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => hooked)).Message);
        Assert.Equal(1, (await log.VerifyAsync(Contoso)).RecordsChecked);
    }

    [Fact]
    public async Task Aggregate_a_flood_of_one_refusal_into_one_record_per_window_with_a_count()
    {
        var caller = AuditActor.User(Guid.CreateVersion7());
        AuditEntry Denied(AuditActor? by = null, string? reason = null) =>
            new(AuditActions.PermissionDenied, Contoso) { Actor = by ?? caller, TargetType = "permission", TargetId = "automs.delete", Outcome = AuditOutcome.Refused, Reason = reason };

        var recorded = new List<AuditRecord?>();
        for (var i = 0; i < 100; i++)
        {
            recorded.Add(await Log.RecordAsync(Denied()));
        }

        var someoneElse = await Log.RecordAsync(Denied(AuditActor.User(Guid.CreateVersion7())));
        var otherReason = await Log.RecordAsync(Denied(reason: "DifferentCall"));
        var otherReasonAgain = await Log.RecordAsync(Denied(reason: "DifferentCall"));
        _clock.Now += TimeSpan.FromMinutes(1);
        var next = await Log.RecordAsync(Denied());

        Assert.Single(recorded, r => r is not null);
        Assert.False(recorded[0]!.Detail.ContainsKey("suppressed"));
        Assert.NotNull(someoneElse);
        Assert.Equal("DifferentCall", otherReason!.Reason);
        Assert.Null(otherReasonAgain);
        Assert.Equal("99", next!.Detail["suppressed"]);
        Assert.Equal(4, (await Log.VerifyAsync(Contoso)).RecordsChecked);
    }

    [Fact]
    public async Task Record_a_change_only_when_it_changed_something()
    {
        var unchanged = await Log.RecordAsync(_ => Task.FromResult(false), changed => changed ? new AuditEntry("sample.x", Contoso) : null);
        var changed = await Log.RecordAsync(_ => Task.FromResult(true), done => done ? new AuditEntry("sample.x", Contoso) : null);

        Assert.False(unchanged);
        Assert.True(changed);
        Assert.Equal(1, (await Log.VerifyAsync(Contoso)).RecordsChecked);
    }

    private sealed class ThrowingHook : IAuditHook
    {
        public void OnRecorded(AuditRecord record) => throw new InvalidOperationException("hook failed");
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 29, 9, 30, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
