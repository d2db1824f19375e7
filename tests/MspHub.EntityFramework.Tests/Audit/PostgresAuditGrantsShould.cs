using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Audit;

/// <summary>
/// The audit tables append-only for the application role on PostgreSQL: as that role, changing or deleting a record or a
/// checkpoint is refused by the database, while appending, deleting a tenant (which archives and certifies, never deletes
/// records) and verifying still work; pruning works for the retention role only.
/// </summary>
public sealed class PostgresAuditGrantsShould : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-grants");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "msphub-archive-" + Guid.NewGuid().ToString("N"));
    private TestHub _hub = null!;
    private string _appRole = "", _retentionRole = "";

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, configure: hub =>
        {
            hub.Services.AddSingleton<TimeProvider>(_clock);
            hub.AddAuditCheckpoints(_key.Signing(everyRecords: 3));
            hub.AddAuditRetention(o =>
            {
                o.KeepFor = TimeSpan.FromDays(30);
                o.ArchiveFolder = _folder;
            });
        });
        _appRole = new NpgsqlConnectionStringBuilder(_hub.ConnectionString).Username!;
        _retentionRole = _appRole.Replace("_app", "_retention", StringComparison.Ordinal);
        await OwnerSqlAsync($"""
            CREATE ROLE "{_retentionRole}" LOGIN NOSUPERUSER NOBYPASSRLS;
            GRANT USAGE ON SCHEMA public, msphub TO "{_retentionRole}";
            GRANT SELECT ON ALL TABLES IN SCHEMA public, msphub TO "{_retentionRole}";
            {PostgresAuditGrants.AppendOnlyScript(_appRole)}
            {PostgresAuditGrants.PruningScript(_retentionRole)}
            """);
    }

    public async Task DisposeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        await _hub.DisposeAsync();
        await using (var admin = new NpgsqlConnection(PostgresFactAttribute.ConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{_retentionRole}\"", admin);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [PostgresFact]
    public async Task Refuse_the_application_role_any_change_or_deletion_of_records_and_checkpoints()
    {
        await RecordAsync(_hub.Services, 4);

        foreach (var sql in new[]
        {
            """UPDATE msphub.audit_records SET action = 'sample.nothing-happened'""",
            """DELETE FROM msphub.audit_records""",
            """TRUNCATE msphub.audit_records""",
            """UPDATE msphub.audit_checkpoints SET key_id = 'audit-stolen'""",
            """DELETE FROM msphub.audit_checkpoints""",
            """DELETE FROM msphub.audit_chain_heads""",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => AppSqlAsync(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        Assert.Equal(4, (await _hub.AuditRecordsAsync(_hub.A.Id)).Count);
        await RecordAsync(_hub.Services, 1);                               // appending, checkpoint included, still works
        Assert.Equal(5, (await _hub.AuditRecordsAsync(_hub.A.Id)).Count);
        Assert.True((await VerifyAsync(_hub.Services, _hub.A.Id)).IsIntact);
    }

    [PostgresFact]
    public async Task Delete_a_tenant_as_the_application_role_and_keep_its_certified_chain_intact()
    {
        var doomed = await WithAsync(_hub.Services, sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        await RecordAsync(_hub.Services, 2, doomed.Id);

        var report = await WithAsync(_hub.Services, sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, "doomed"));
        _clock.Advance(TimeSpan.FromDays(1));                              // the deleted tenant's chain is never sealed

        Assert.NotNull(report.Certificate);
        var chain = await VerifyAsync(_hub.Services, doomed.Id);
        Assert.True(chain.IsIntact, chain.Message);
    }

    [PostgresFact]
    public async Task Prune_only_as_the_retention_role()
    {
        await RecordAsync(_hub.Services, 5);                               // checkpoints at 1 and 4
        _clock.Advance(TimeSpan.FromDays(31));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => WithAsync(_hub.Services, sp => sp.GetRequiredService<IAuditRetention>().ApplyAsync()));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(5, (await _hub.AuditRecordsAsync(_hub.A.Id)).Count);

        var retention = new NpgsqlConnectionStringBuilder(_hub.OwnerConnectionString) { Username = _retentionRole }.ConnectionString;
        await using var job = _hub.NewNode(retention);
        var pruned = Assert.Single(await WithAsync(job, sp => sp.GetRequiredService<IAuditRetention>().ApplyAsync()));

        Assert.Equal((1L, 4L), (pruned.Range.FromSequence, pruned.Range.ToSequence));
        Assert.Equal([5L, 6L], (await _hub.AuditRecordsAsync(_hub.A.Id)).Select(r => r.Sequence));
        var verification = await VerifyAsync(_hub.Services, _hub.A.Id);
        Assert.True(verification.IsIntact, verification.Message);
    }

    private async Task RecordAsync(IServiceProvider services, int count, Guid? chain = null)
    {
        for (var i = 0; i < count; i++)
        {
            await WithAsync(services, sp => sp.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.step", chain ?? _hub.A.Id)));
        }
    }

    private static Task<AuditVerification> VerifyAsync(IServiceProvider services, Guid? chain) =>
        WithAsync(services, sp => sp.GetRequiredService<IAuditLog>().VerifyAsync(chain));

    private static async Task<T> WithAsync<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private async Task AppSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_hub.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task OwnerSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_hub.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
