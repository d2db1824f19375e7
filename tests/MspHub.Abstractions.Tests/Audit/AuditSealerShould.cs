using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>Sealing quiet chains in memory: only a tail left unsigned for the checkpoint interval, once, never without a key or for a deleted tenant.</summary>
public sealed class AuditSealerShould
{
    private readonly TestAuditKey _key = TestAuditKey.Create("audit-1");
    private readonly FakeTimeProvider _clock = TestClock.Create();

    [Fact]
    public async Task Sign_a_tail_left_unsigned_for_the_interval_once()
    {
        await using var services = Build(withKey: true);
        await using var scope = services.CreateAsyncScope();
        var contoso = await AddTenantAsync(scope, "contoso");
        await RecordAsync(scope, contoso, 3);                     // record 1 is signed at once; 2 and 3 wait for record 100
        _clock.Advance(TimeSpan.FromMinutes(59));

        Assert.Empty(await SealAsync(scope));

        _clock.Advance(TimeSpan.FromMinutes(1));
        var seal = Assert.Single(await SealAsync(scope));

        Assert.Equal((contoso.Id, 4L, AuditActions.AuditChainSealed, AuditActorKind.System), (seal.TenantId, seal.Sequence, seal.Action, seal.Actor.Kind));
        var last = await LastCheckpointAsync(scope, contoso.Id);
        Assert.Equal((4L, seal.Hash), (last.ToSequence, last.HeadHash));
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Empty(await SealAsync(scope));
        Assert.True((await scope.ServiceProvider.GetRequiredService<IAuditLog>().VerifyAsync(contoso.Id)).IsIntact);
    }

    [Fact]
    public async Task Seal_through_the_worker_as_the_page_shows()
    {
        var tenant = Tenant.Create("contoso", "Contoso", timeProvider: _clock);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore(tenant).AddAuditCheckpoints(_key.Signing(everyRecords: 100)));
        builder.Services.AddHostedService<AuditSealingWorker>();
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await RecordAsync(scope, tenant, 2);
        }

        _clock.Advance(TimeSpan.FromHours(1));
        await host.StartAsync();
        var seal = await WaitForSealAsync(host.Services, tenant.Id);
        await host.StopAsync();

        Assert.Equal(3, seal.Sequence);
        await using var check = host.Services.CreateAsyncScope();
        Assert.Equal(3, (await LastCheckpointAsync(check, tenant.Id)).ToSequence);
    }

    [Fact]
    public async Task Leave_signed_chains_and_chains_of_deleted_tenants_alone()
    {
        await using var services = Build(withKey: true);
        await using var scope = services.CreateAsyncScope();
        var signed = await AddTenantAsync(scope, "signed");
        var deleted = await AddTenantAsync(scope, "deleted");
        await RecordAsync(scope, signed, 1);
        await RecordAsync(scope, deleted, 2);
        await scope.ServiceProvider.GetRequiredService<ITenantStore>().RemoveAsync(deleted.Id);
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await SealAsync(scope));
        Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<IAuditStore>().GetHeadAsync(deleted.Id)).Sequence);
    }

    [Fact]
    public async Task Sign_nothing_without_a_signing_key()
    {
        await using var services = Build(withKey: false);
        await using var scope = services.CreateAsyncScope();
        var contoso = await AddTenantAsync(scope, "contoso");
        await RecordAsync(scope, contoso, 2);
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await SealAsync(scope));
        Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<IAuditStore>().GetHeadAsync(contoso.Id)).Sequence);
    }

    private ServiceProvider Build(bool withKey) =>
        Hub.Build(
            hub =>
            {
                hub.AddInMemoryTenantStore();
                if (withKey)
                {
                    hub.AddAuditCheckpoints(_key.Signing(everyRecords: 100));
                }
            },
            s => s.AddSingleton<TimeProvider>(_clock));

    private async Task<Tenant> AddTenantAsync(AsyncServiceScope scope, string slug)
    {
        var tenant = Tenant.Create(slug, slug, timeProvider: _clock);
        await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant);
        return tenant;
    }

    private static async Task RecordAsync(AsyncServiceScope scope, Tenant tenant, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.step", tenant.Id));
        }
    }

    private static Task<IReadOnlyList<AuditRecord>> SealAsync(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<IAuditSealer>().SealQuietChainsAsync();

    // The worker seals on start, in the background: wait for the seal record.
    private static async Task<AuditRecord> WaitForSealAsync(IServiceProvider services, Guid tenantId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var store = services.GetRequiredService<IAuditStore>();
        while (true)
        {
            var found = await store.QueryAsync(new AuditQuery { TenantId = tenantId, Action = AuditActions.AuditChainSealed, PageSize = 1 }, timeout.Token);
            if (found.Count > 0)
            {
                return found[0];
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<AuditCheckpoint> LastCheckpointAsync(AsyncServiceScope scope, Guid tenantId)
    {
        AuditCheckpoint? last = null;
        await foreach (var checkpoint in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadCheckpointsAsync(tenantId, 1, null))
        {
            last = checkpoint;
        }

        return last ?? throw new InvalidOperationException("The chain has no checkpoint.");
    }
}
