using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>Race-free quotas on a real database: the counter and the item it guards commit together, and never past the limit.</summary>
public abstract class QuotaCounterSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.CreateAsync(provider);

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task SetLimitAsync(Tenant tenant, long? limit)
    {
        using var scope = _hub.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(tenant.Id, "automs", limit);
    }

    private async Task<QuotaUsage> UsageAsync(Tenant tenant)
    {
        using var scope = _hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(tenant.Id, "automs");
    }

    private Task<bool> CreateAsync(Tenant tenant, string name) =>
        QuotaCreation.CreateAsync<HubTestDb>(_hub.Services, tenant, "automs", db => db.Automs.Add(new Autom { Name = name }));

    private async Task<int> CountAsync(Tenant tenant)
    {
        using (_hub.In(tenant))
        {
            await using var db = _hub.NewDb();
            return await db.Automs.CountAsync();
        }
    }

    [DatabaseFact]
    public async Task Stop_64_parallel_creators_at_exactly_the_limit_of_50()
    {
        await SetLimitAsync(_hub.A, 50);

        var created = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => CreateAsync(_hub.A, $"autom-{i}"))));

        Assert.Equal(50, created.Count(c => c));
        Assert.Equal(50, await CountAsync(_hub.A));
        Assert.Equal(new QuotaUsage("automs", 50, 50), await UsageAsync(_hub.A));
    }

    [DatabaseFact]
    public async Task Refuse_past_the_limit_with_a_descriptive_error_an_audit_event_and_nothing_counted()
    {
        await SetLimitAsync(_hub.A, 1);
        Assert.True(await CreateAsync(_hub.A, "first"));

        using var scope = _hub.Services.CreateScope();
        using (_hub.In(_hub.A))
        {
            var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var error = await Assert.ThrowsAsync<QuotaExceededException>(() => scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ConsumeAsync("automs"));
            Assert.Equal("Quota 'automs' exceeded: 1 of 1 used; raise the tenant's limit or remove items.", error.Message);
        }

        Assert.Equal(1, (await UsageAsync(_hub.A)).Used);
        Assert.Contains(_hub.Audit.Records, r => r.Action == AuditActions.QuotaExceeded && r.TenantId == _hub.A.Id && r.Outcome == AuditOutcome.Refused);
    }

    [DatabaseFact]
    public async Task Refuse_an_amount_so_large_that_adding_it_to_the_count_would_overflow_as_quota_exceeded()
    {
        await SetLimitAsync(_hub.A, 5);
        Assert.True(await CreateAsync(_hub.A, "first"));

        using var scope = _hub.Services.CreateScope();
        using (_hub.In(_hub.A))
        {
            var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
            await Assert.ThrowsAsync<QuotaExceededException>(() => quotas.ClaimAsync("automs", long.MaxValue - 1));
            await using var transaction = await scope.ServiceProvider.GetRequiredService<HubTestDb>().Database.BeginTransactionAsync();
            await Assert.ThrowsAsync<QuotaExceededException>(() => quotas.ConsumeAsync("automs", long.MaxValue));
        }

        Assert.Equal(new QuotaUsage("automs", 1, 5), await UsageAsync(_hub.A));
    }

    // A limit names a tenant and a quota: an unknown tenant is named as such, and a quota name is one short line of text
    // (it is shown in the admin list and the audit log), never a database error.
    [DatabaseFact]
    public async Task Refuse_a_limit_for_an_unknown_tenant_or_a_malformed_quota_name()
    {
        using var scope = _hub.Services.CreateScope();
        var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();

        await Assert.ThrowsAsync<TenantNotFoundException>(() => quotas.SetLimitAsync(Guid.CreateVersion7(), "automs", 5));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => quotas.SetSubtreeLimitAsync(Guid.CreateVersion7(), "automs", 5));
        foreach (var name in new[] { new string('q', 65), "auto\nms", "automs\u202E", " " })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => quotas.SetLimitAsync(_hub.A.Id, name, 5));
        }

        Assert.Equal(new QuotaUsage("automs", 0, 0), await UsageAsync(_hub.A));
    }

    [DatabaseFact]
    public async Task Keep_tenants_counters_apart_release_on_delete_and_default_to_nothing()
    {
        await SetLimitAsync(_hub.A, 2);
        Assert.True(await CreateAsync(_hub.A, "a-1"));
        Assert.False(await CreateAsync(_hub.B, "b-1"));

        using (var scope = _hub.Services.CreateScope())
        using (_hub.In(_hub.A))
        {
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ReleaseAsync("automs");
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ReleaseAsync("automs");
        }

        Assert.Equal(new QuotaUsage("automs", 0, 2), await UsageAsync(_hub.A));
        Assert.Equal(new QuotaUsage("automs", 0, 0), await UsageAsync(_hub.B));
        Assert.Equal(0, await CountAsync(_hub.B));
    }

    [DatabaseFact]
    public async Task Refuse_to_count_outside_a_transaction_or_a_tenant()
    {
        await SetLimitAsync(_hub.A, 5);
        using var scope = _hub.Services.CreateScope();
        var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();

        await Assert.ThrowsAsync<TenantRequiredException>(() => quotas.ConsumeAsync("automs"));
        using (_hub.In(_hub.A))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => quotas.ConsumeAsync("automs"));
        }

        Assert.Equal(0, (await UsageAsync(_hub.A)).Used);
    }

    [DatabaseFact]
    public async Task Claim_in_a_transaction_of_its_own_and_keep_the_count_only_when_committed()
    {
        await SetLimitAsync(_hub.A, 5);
        using (var scope = _hub.Services.CreateScope())
        using (_hub.In(_hub.A))
        {
            var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();
            var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
            await using (var claim = await quotas.ClaimAsync("automs"))
            {
                db.Automs.Add(new Autom { Name = "kept" });
                await db.SaveChangesAsync();
                await claim.CommitAsync();
            }

            await using (await quotas.ClaimAsync("automs"))
            {
                db.Automs.Add(new Autom { Name = "abandoned" });
                await db.SaveChangesAsync();
            }

            Assert.Null(db.Database.CurrentTransaction);
        }

        Assert.Equal(1, await CountAsync(_hub.A));
        Assert.Equal(1, (await UsageAsync(_hub.A)).Used);
    }

    [DatabaseFact]
    public async Task Refuse_a_claim_at_the_limit_and_leave_no_transaction_open()
    {
        using var scope = _hub.Services.CreateScope();
        using (_hub.In(_hub.A))
        {
            var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();

            await Assert.ThrowsAsync<QuotaExceededException>(() => scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ClaimAsync("automs"));

            Assert.Null(db.Database.CurrentTransaction);
        }
    }

    [DatabaseFact]
    public async Task Reconcile_drifted_counters_from_the_rows_and_report_each_correction()
    {
        await SetLimitAsync(_hub.A, 10);
        await SetLimitAsync(_hub.B, 10);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await CreateAsync(_hub.A, $"a-{i}"));
        }

        Assert.True(await CreateAsync(_hub.B, "b-counted"));
        await _hub.AddAutomAsync(_hub.B, "b-uncounted");
        using (var scope = _hub.Services.CreateScope())
        using (_hub.In(_hub.A))
        {
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ReleaseAsync("automs", 2);
        }

        using (var scope = _hub.Services.CreateScope())
        {
            var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
            var corrections = await quotas.ReconcileAsync();

            QuotaCorrection[] expected = [new(_hub.A.Id, "automs", 1, 3), new(_hub.B.Id, "automs", 1, 2)];
            Assert.Equal(expected.OrderBy(c => c.TenantId), corrections);
            Assert.Empty(await quotas.ReconcileAsync());
        }

        Assert.Equal(new QuotaUsage("automs", 3, 10), await UsageAsync(_hub.A));
        Assert.Equal(new QuotaUsage("automs", 2, 10), await UsageAsync(_hub.B));
        Assert.Contains(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.CrossTenantScopeOpened && r.TargetId == "msphub.quota-reconcile");
    }
}

public sealed class SqliteQuotaCounterShould() : QuotaCounterSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresQuotaCounterShould() : QuotaCounterSuite(DatabaseProvider.Postgres);
