using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Reporting;

/// <summary>The tenant summary report on a real database: counts, quota usage and last activity, one query per entity type.</summary>
public abstract class TenantSummariesSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Earlier = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = new(2026, 11, 20, 17, 30, 0, DateTimeKind.Utc);
    private readonly CommandCounter _commands = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.CreateAsync(provider, database: o => o.AddInterceptors(_commands));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task AddAsync(Tenant tenant, string name, DateTime updatedAt, params string[] steps)
    {
        using (_hub.In(tenant))
        await using (var db = _hub.NewDb())
        {
            var autom = new Autom { Name = name, UpdatedAt = updatedAt };
            autom.Steps.AddRange(steps.Select(s => new AutomStep { Action = s }));
            db.Automs.Add(autom);
            await db.SaveChangesAsync();
        }
    }

    private async Task<PagedResult<TenantSummary>> SummariseAsync()
    {
        using var scope = _hub.Services.CreateScope();
        var summaries = scope.ServiceProvider.GetRequiredService<ITenantSummaries>();
        _commands.Count = 0;
        return await summaries.GetAsync(new TenantQuery { SortBy = TenantSortField.Slug, PageSize = 100 });
    }

    [DatabaseFact]
    public async Task Count_each_entity_type_report_quota_usage_and_the_last_activity_per_tenant()
    {
        await AddAsync(_hub.A, "backup", Earlier, "snapshot", "upload");
        await AddAsync(_hub.A, "patching", Later);
        await AddAsync(_hub.B, "b-backup", Earlier);
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(_hub.A.Id, "automs", 10);
            using (_hub.In(_hub.A))
            {
                await using var claim = await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ClaimAsync("automs", 2);
                await claim.CommitAsync();
            }
        }

        var report = await SummariseAsync();

        var a = report.Items.Single(s => s.TenantId == _hub.A.Id);
        var b = report.Items.Single(s => s.TenantId == _hub.B.Id);
        Assert.Equal((2L, 2L, 0L), (a.Counts["Autom"], a.Counts["AutomStep"], a.Counts["VaultSecret"]));
        Assert.Equal((1L, 0L), (b.Counts["Autom"], b.Counts["AutomStep"]));
        Assert.Equal([new QuotaUsage("automs", 2, 10)], a.Quotas);
        Assert.Empty(b.Quotas);
        Assert.Equal(Later, a.LastActivity);
        Assert.Equal(Earlier, b.LastActivity);
    }

    [DatabaseFact]
    public async Task Cost_the_same_number_of_queries_however_many_tenants_are_on_the_page()
    {
        await AddAsync(_hub.A, "backup", Earlier);
        await SummariseAsync();
        var withTwo = _commands.Count;
        using (var scope = _hub.Services.CreateScope())
        {
            var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
            foreach (var i in Enumerable.Range(0, 20))
            {
                var tenant = Tenant.Create($"client-{i:D2}", $"Client {i}");
                await tenants.AddAsync(tenant);
                await AddAsync(tenant, $"job-{i}", Later);
            }
        }

        var report = await SummariseAsync();

        Assert.Equal(22, report.Items.Count);
        Assert.Equal(withTwo, _commands.Count);
    }

    /// <summary>
    /// Counts the queries the summaries send; not the audit record of their cross-tenant scope, which another context
    /// writes in the background while they run.
    /// </summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Count { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!command.CommandText.Contains("audit_", StringComparison.Ordinal))
            {
                Count++;
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

public sealed class SqliteTenantSummariesShould() : TenantSummariesSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantSummariesShould() : TenantSummariesSuite(DatabaseProvider.Postgres);
