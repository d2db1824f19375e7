using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// Appends on PostgreSQL from the head a node last saw: one statement when it is still the head, and a gap-free, intact
/// chain when another node moved it meanwhile (the statement changes nothing and the locking append runs).
/// </summary>
public sealed class PostgresAuditAppendShould : IAsyncLifetime
{
    private readonly CommandCounter _commands = new();
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-1");
    private TestHub _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, configure: hub => hub.AddAuditCheckpoints(_key.Signing(everyRecords: 2)),
            database: o => o.AddInterceptors(_commands));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [PostgresFact]
    public async Task Append_at_a_known_head_in_one_statement()
    {
        await RecordAsync(_hub.Services, "first");

        var before = _commands.Count;
        await RecordAsync(_hub.Services, "second");
        await RecordAsync(_hub.Services, "third");                // signs a checkpoint in the same statement

        Assert.Equal(2, _commands.Count - before);
        Assert.Equal([1L, 2L, 3L], (await _hub.AuditRecordsAsync(_hub.A.Id)).Select(r => r.Sequence).Order());
        Assert.True((await VerifyAsync()).IsIntact);
    }

    [PostgresFact]
    public async Task Keep_the_chain_whole_when_another_node_moved_the_head()
    {
        await using var other = _hub.NewNode();
        await RecordAsync(_hub.Services, "one");
        await RecordAsync(other, "two");
        await RecordAsync(_hub.Services, "three");              // this node's head is stale: record 2 came from the other
        await RecordAsync(other, "four");
        await RecordAsync(_hub.Services, "five");

        var records = await _hub.AuditRecordsAsync(_hub.A.Id);
        Assert.Equal(["one", "two", "three", "four", "five"], records.OrderBy(r => r.Sequence).Select(r => r.TargetId));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], records.Select(r => r.Sequence).Order());
        var verification = await VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    [PostgresFact]
    public async Task Stay_gap_free_under_concurrent_writers_on_two_nodes()
    {
        await using var other = _hub.NewNode();
        await RecordAsync(_hub.Services, "warm");
        await RecordAsync(other, "warm");

        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => RecordAsync(i % 2 == 0 ? _hub.Services : other, $"w{i}"))));

        Assert.Equal(Enumerable.Range(1, 34).Select(i => (long)i), (await _hub.AuditRecordsAsync(_hub.A.Id)).Select(r => r.Sequence).Order());
        var verification = await VerifyAsync();
        Assert.True(verification.IsIntact, verification.Message);
    }

    private async Task RecordAsync(IServiceProvider node, string target)
    {
        await using var scope = node.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.step", _hub.A.Id) { TargetType = "step", TargetId = target });
    }

    private async Task<AuditVerification> VerifyAsync()
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(_hub.A.Id);
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
