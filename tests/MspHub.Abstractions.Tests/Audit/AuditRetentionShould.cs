using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>Retention in memory: off unless configured, refused without a signing key or an archive, and a pruned chain that still verifies.</summary>
public sealed class AuditRetentionShould : IDisposable
{
    private static readonly Guid Contoso = Guid.CreateVersion7();
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-1");
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "msphub-archive-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Prune_nothing_unless_an_age_is_configured()
    {
        await using var services = Build(hub => hub.AddAuditCheckpoints(_key.Signing(everyRecords: 2)).AddAuditRetention(o => o.ArchiveFolder = _folder));
        await using var scope = services.CreateAsyncScope();
        await RecordAsync(scope, 5);
        _clock.Advance(TimeSpan.FromDays(5000));

        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IAuditRetention>().ApplyAsync());

        Assert.Equal(5, (await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(Contoso)).RecordsChecked);
        Assert.False(Directory.Exists(_folder));
    }

    [Fact]
    public async Task Prune_in_memory_and_verify_from_the_anchor()
    {
        await using var services = Build(hub => hub.AddAuditCheckpoints(_key.Signing(everyRecords: 2)).AddAuditRetention(o =>
        {
            o.KeepFor = TimeSpan.FromDays(1);
            o.ArchiveFolder = _folder;
        }));
        await using var scope = services.CreateAsyncScope();
        await RecordAsync(scope, 4);                     // checkpoints at 1 and 3
        _clock.Advance(TimeSpan.FromDays(2));

        var archived = Assert.Single(await scope.ServiceProvider.GetRequiredService<IAuditRetention>().ApplyAsync());

        Assert.Equal(new AuditArchiveRange(Contoso, 1, 3), archived.Range);
        var log = scope.ServiceProvider.GetRequiredService<IAuditLog>();
        var verification = await log.VerifyAsync(Contoso);
        Assert.True(verification.IsIntact, verification.Message);
        Assert.Equal(2, verification.RecordsChecked);    // record 4 and the pruned record
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.VerifyAsync(Contoso, 1, 2));
    }

    [Fact]
    public async Task Verify_a_prune_on_a_clock_that_moves_between_the_record_and_its_checkpoint()
    {
        var clock = new TickingClock(_clock.GetUtcNow());
        await using var services = Hub.Build(
            hub => hub.AddInMemoryTenantStore().AddAuditCheckpoints(_key.Signing(everyRecords: 2)).AddAuditRetention(o =>
            {
                o.KeepFor = TimeSpan.FromDays(1);
                o.ArchiveFolder = _folder;
            }),
            s => s.AddSingleton<TimeProvider>(clock));
        await using var scope = services.CreateAsyncScope();
        await RecordAsync(scope, 4);
        clock.Advance(TimeSpan.FromDays(2));

        Assert.Single(await scope.ServiceProvider.GetRequiredService<IAuditRetention>().ApplyAsync());

        var verification = await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(Contoso);
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task Find_a_prune_recorded_by_someone_without_the_signing_key()
    {
        await using var services = Build(hub => hub.AddAuditCheckpoints(_key.Signing(everyRecords: 3)));
        await using var scope = services.CreateAsyncScope();
        await RecordAsync(scope, 4);                     // checkpoints at 1 and 4
        var store = scope.ServiceProvider.GetRequiredService<IAuditStore>();
        var head = await store.GetHeadAsync(Contoso);

        // Written straight to the store, as a database writer can: a record naming the real head as the anchor, no checkpoint.
        await store.AppendAsync(
            new AuditRecord
            {
                TenantId = Contoso,
                OccurredAt = _clock.GetUtcNow(),
                Actor = AuditActor.System,
                Action = AuditActions.AuditPruned,
                TargetType = "audit-chain",
                TargetId = Contoso.ToString(),
                Detail = new SortedList<string, string>(StringComparer.Ordinal) { ["from-sequence"] = "1", ["to-sequence"] = "4", ["head-hash"] = head.Hash },
            },
            checkpoint: null);
        await store.PruneAsync(Contoso, 1, 4);

        var verification = await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(Contoso);

        Assert.Equal((AuditChainProblem.Inserted, 5L), (verification.Problem, verification.FirstBadSequence));
        Assert.Contains("no checkpoint was signed in its append", verification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_to_prune_without_a_signing_key()
    {
        // Options set past AddAuditRetention skip its start-up check; pruning refuses all the same.
        await using var services = Build(hub => hub.Services.Configure<AuditRetentionOptions>(o =>
        {
            o.KeepFor = TimeSpan.FromDays(1);
            o.ArchiveFolder = _folder;
        }));
        await using var scope = services.CreateAsyncScope();
        await RecordAsync(scope, 2);
        _clock.Advance(TimeSpan.FromDays(2));

        var error = await Assert.ThrowsAsync<AuditRetentionException>(() => scope.ServiceProvider.GetRequiredService<IAuditRetention>().ApplyAsync());

        Assert.Contains("AddAuditCheckpoints", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(Contoso)).RecordsChecked);
    }

    [Theory]
    [InlineData("no signing key")]
    [InlineData("no archive")]
    [InlineData("not positive")]
    [InlineData("empty folder")]
    public void Refuse_to_start_retention_that_cannot_prune_safely(string mistake)
    {
        using var services = Build(hub =>
        {
            if (mistake != "no signing key")
            {
                hub.AddAuditCheckpoints(_key.Signing(everyRecords: 2));
            }

            hub.AddAuditRetention(o =>
            {
                o.KeepFor = mistake == "not positive" ? TimeSpan.Zero : TimeSpan.FromDays(400);
                o.ArchiveFolder = mistake switch { "no archive" => null, "empty folder" => " ", _ => _folder };
            });
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuditRetentionOptions>>().Value);
        Assert.Contains("MspHub:Audit:Retention", error.Message, StringComparison.Ordinal);
    }

    // Every read is a microsecond later than the one before, as a real clock is between stamping a record and signing it.
    private sealed class TickingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now = _now.AddTicks(10);

        public void Advance(TimeSpan by) => _now += by;
    }

    private ServiceProvider Build(Action<MspHubBuilder> configure) =>
        Hub.Build(hub => configure(hub.AddInMemoryTenantStore()), s => s.AddSingleton<TimeProvider>(_clock));

    private static async Task RecordAsync(AsyncServiceScope scope, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.step", Contoso));
        }
    }
}
