using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.Tests;

namespace MspHub.EntityFramework.Tests.Modeling;

/// <summary>
/// The SQL MspHub writes itself (the quota counter's conditional update and its row insert, the audit chain head's
/// lock and insert, deleting a tenant's rows, moving rows between tenants) names tables and columns as the model maps
/// them, so it works on a host that renamed MspHub's tables: written with MspHub's own names, every statement here
/// would fail on a table or column that does not exist.
/// </summary>
public abstract class RenamedTablesSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly Tenant _a = Tenant.Create("renamed-a", "Renamed A");
    private readonly Tenant _b = Tenant.Create("renamed-b", "Renamed B");
    private ServiceProvider _services = null!;
    private Func<ValueTask> _drop = null!;

    public async Task InitializeAsync()
    {
        string connectionString;
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"msphub-renamed-{Guid.NewGuid():N}.db");
            connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString;
            _drop = () =>
            {
                File.Delete(path);
                return ValueTask.CompletedTask;
            };
        }
        else
        {
            var database = await PostgresDatabase.CreateAsync();
            connectionString = database.ConnectionString;
            _drop = database.DisposeAsync;
        }

        var services = new ServiceCollection();
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<RenamedTablesDb>());
        services.AddDbContextFactory<RenamedTablesDb>(options => TestHub.Use(options, provider, connectionString));
        _services = services.BuildServiceProvider();
        await using var db = NewDb();
        await db.Database.EnsureCreatedAsync();
        db.AddRange(_a, _b);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _drop();
    }

    [DatabaseFact]
    public async Task Create_every_table_under_the_host_names_only()
    {
        await using var db = NewDb();
        var tables = await db.Database.SqlQueryRaw<string>(provider == DatabaseProvider.Sqlite
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            : "SELECT table_schema || '.' || table_name AS \"Value\" FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")
            .ToListAsync();

        Assert.Contains(Named("quota_counters"), tables);
        Assert.Contains(Named("audit_chain_heads"), tables);
        Assert.All(tables, t => Assert.StartsWith(Named(""), t, StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task Count_and_refuse_quota_in_the_renamed_counter_table()
    {
        await SetLimitAsync(_a, 2);

        Assert.True(await AddNoteAsync(_a, "first"));
        Assert.True(await AddNoteAsync(_a, "second"));
        Assert.False(await AddNoteAsync(_a, "third"));

        await using (var scope = _services.CreateAsyncScope())
        {
            Assert.Equal(new QuotaUsage("notes", 2, 2), await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(_a.Id, "notes"));
        }

        Assert.Equal(2, await NotesAsync(_a));
    }

    [DatabaseFact]
    public async Task Append_an_intact_chain_to_the_renamed_audit_tables()
    {
        foreach (var target in new[] { "one", "two", "three" })
        {
            await using var scope = _services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.step", _a.Id) { TargetType = "step", TargetId = target });
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            var records = new List<AuditRecord>();
            await foreach (var record in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAsync(_a.Id, 1, null))
            {
                records.Add(record);
            }

            Assert.Equal([(1L, "one"), (2L, "two"), (3L, "three")], records.Select(r => (r.Sequence, r.TargetId)));
            var verification = await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(_a.Id);
            Assert.True(verification.IsIntact, verification.Message);
        }
    }

    [DatabaseFact]
    public async Task Merge_and_delete_tenants_through_the_renamed_tables()
    {
        await SetLimitAsync(_a, 10);
        await SetLimitAsync(_b, 10);
        Assert.True(await AddNoteAsync(_b, "b-note"));
        Assert.True(await AddNoteAsync(_b, "b-other"));

        await using (var scope = _services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>().MergeAsync(_b.Id, _a.Id, "renamed-b");
            Assert.Equal(2, report.Rows[Named("notes")]);
        }

        Assert.Equal(2, await NotesAsync(_a));
        await using (var scope = _services.CreateAsyncScope())
        {
            Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(_a.Id, "notes")).Used);
            var deletion = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().DeleteAsync(_a.Id, "renamed-a");
            Assert.Equal(2, deletion.RowsDeleted[Named("notes")]);
            Assert.Equal(1, deletion.RowsDeleted[Named("quota_counters")]);
        }

        Assert.Equal(0, await NotesAsync(_a));
    }

    // A table's name under the host's rule, with its schema as reports show it.
    private string Named(string table) =>
        (provider == DatabaseProvider.Sqlite ? "" : RenamedTablesDb.Schema + ".") + RenamedTablesDb.Prefix + table;

    private RenamedTablesDb NewDb() => _services.GetRequiredService<IDbContextFactory<RenamedTablesDb>>().CreateDbContext();

    private async Task SetLimitAsync(Tenant tenant, long limit)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(tenant.Id, "notes", limit);
    }

    private Task<bool> AddNoteAsync(Tenant tenant, string text) =>
        QuotaCreation.CreateAsync<RenamedTablesDb>(_services, tenant, "notes", db => db.Notes.Add(new Note { Text = text }));

    private async Task<int> NotesAsync(Tenant tenant)
    {
        using (_services.GetRequiredService<ITenancy>().BeginScope(tenant))
        {
            await using var db = NewDb();
            return await db.Notes.CountAsync();
        }
    }
}

public sealed class SqliteRenamedTablesShould() : RenamedTablesSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresRenamedTablesShould() : RenamedTablesSuite(DatabaseProvider.Postgres);
