using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Transfer;

/// <summary>
/// On PostgreSQL, transfers that count rows toward a quota in several tenants take the tenants' counters in one order
/// (tenant id, then quota), so two of them over the same tenants wait for each other instead of deadlocking, and the
/// counters match the rows afterwards. Each test holds one transfer with a counter taken and runs the other meanwhile.
/// </summary>
public sealed class PostgresTransferRaceShould : IAsyncLifetime
{
    private const string Quota = "devices";
    private readonly Tenant _source = Tenant.Create("tenant-c", "Tenant C");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, database: o => o.AddInterceptors(CommandPause.Interceptor));
        await using (var db = _hub.NewDb())
        {
            db.Add(_source);
            await db.SaveChangesAsync();
        }

        await AddDevicesAsync(_hub.A, 3);
        await AddDevicesAsync(_hub.B, 2);
        await AddDevicesAsync(_source, 2);
        using var scope = _hub.Services.CreateScope();
        var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        foreach (var tenant in new[] { _hub.A, _hub.B, _source })
        {
            await quotas.SetLimitAsync(tenant.Id, Quota, 20);
        }

        // The counters start at the rows there are.
        await quotas.ReconcileAsync();
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    // A→B consumes in B and releases in A; B→A the reverse. Taken in that order (target, then source), each move held
    // one counter while waiting for the other's: PostgreSQL aborted one with "deadlock detected" (40P01). The move
    // A→B is held just before it writes A's counter, which it takes through EF Core (B's is counted outside it).
    [PostgresFact]
    public async Task Let_moves_in_opposite_directions_wait_for_each_other_and_leave_the_counters_exact()
    {
        var held = new CommandPause(sql => sql.Contains("UPDATE msphub.quota_counters", StringComparison.Ordinal));
        var forth = Task.Run(async () =>
        {
            held.Arm();
            return await TransferAsync(t => t.MoveAsync<Device>(_hub.A.Id, _hub.B.Id, d => true));
        });
        await held.WaitUntilReachedAsync();
        var back = Task.Run(() => TransferAsync(t => t.MoveAsync<Device>(_hub.B.Id, _hub.A.Id, d => true)));

        // Waiting for the counter the held move has, or done because it needed none of them.
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, back);
        held.Release.SetResult();
        var errors = await FailuresAsync(forth, back);

        Assert.True(errors.Count == 0, $"the moves in opposite directions failed (the second {(waited ? "waited for the first" : "did not wait")}): {string.Join("; ", errors.Select(e => RaceOutcome.Describe(e)))}");
        Assert.Equal((2, 3), (await CountDevicesAsync(_hub.A), await CountDevicesAsync(_hub.B)));
        await AssertCountersExactAsync((_hub.A, 2), (_hub.B, 3));
    }

    // Two copies of the same rows into A and B, the targets given in opposite orders. Each took the targets' counters in
    // the order given, so one held A's waiting for B's while the other held B's waiting for A's: 40P01. The copy into
    // [A, B] is held just before it inserts its first copies, with the first target's counter taken.
    [PostgresFact]
    public async Task Let_copies_into_the_same_tenants_in_different_orders_wait_for_each_other_and_report_in_the_order_given()
    {
        var held = new CommandPause(sql => sql.Contains("INSERT INTO devices", StringComparison.Ordinal));
        var first = Task.Run(async () =>
        {
            held.Arm();
            return await TransferAsync(t => t.CopyAsync<Device>(_source.Id, d => true, [_hub.A.Id, _hub.B.Id]));
        });
        await held.WaitUntilReachedAsync();
        var second = Task.Run(() => TransferAsync(t => t.CopyAsync<Device>(_source.Id, d => true, [_hub.B.Id, _hub.A.Id])));

        var waited = await PostgresLockWait.IsBlockedAsync(_hub, second);
        held.Release.SetResult();
        var errors = await FailuresAsync(first, second);

        Assert.True(errors.Count == 0, $"the copies into the same tenants failed (the second {(waited ? "waited for the first" : "did not wait")}): {string.Join("; ", errors.Select(e => RaceOutcome.Describe(e)))}");
        Assert.Equal([_hub.A.Id, _hub.B.Id], (await first).Select(r => r.TargetTenantId));
        Assert.Equal([_hub.B.Id, _hub.A.Id], (await second).Select(r => r.TargetTenantId));
        Assert.Equal((7, 6, 2), (await CountDevicesAsync(_hub.A), await CountDevicesAsync(_hub.B), await CountDevicesAsync(_source)));
        await AssertCountersExactAsync((_hub.A, 7), (_hub.B, 6), (_source, 2));
    }

    private static async Task<List<Exception>> FailuresAsync(params Task[] transfers)
    {
        var errors = new List<Exception>();
        foreach (var transfer in transfers)
        {
            try
            {
                await transfer;
            }
            catch (Exception error)
            {
                errors.Add(error);
            }
        }

        return errors;
    }

    // Each counter holds what its tenant has, and reconciling finds nothing to correct.
    private async Task AssertCountersExactAsync(params (Tenant Tenant, long Used)[] expected)
    {
        using var scope = _hub.Services.CreateScope();
        var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        foreach (var (tenant, used) in expected)
        {
            Assert.Equal(new QuotaUsage(Quota, used, 20), await quotas.GetUsageAsync(tenant.Id, Quota));
        }

        Assert.Empty(await quotas.ReconcileAsync());
    }

    private async Task<T> TransferAsync<T>(Func<ITenantDataTransfer, Task<T>> transfer)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await transfer(scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>());
    }

    private async Task AddDevicesAsync(Tenant tenant, int count)
    {
        using (_hub.In(tenant))
        {
            await using var db = _hub.NewDb();
            db.Devices.AddRange(Enumerable.Range(0, count).Select(i => new Device { Name = $"{tenant.Slug}-{i}" }));
            await db.SaveChangesAsync();
        }
    }

    private async Task<int> CountDevicesAsync(Tenant tenant)
    {
        using (_hub.In(tenant))
        {
            await using var db = _hub.NewDb();
            return await db.Devices.CountAsync();
        }
    }
}
