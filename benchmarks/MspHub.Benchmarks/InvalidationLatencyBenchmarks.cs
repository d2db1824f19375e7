using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Mathematics.OutlierDetection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.Benchmarks;

/// <summary>
/// How long a revoked technician keeps entry on another node: from the revocation on node A until node B's
/// warm permission check refuses. Both nodes share one PostgreSQL database and run
/// <c>AddPostgresCacheNotifications</c>; node B's cache lasts an hour, so only the notification can end its
/// entry. The baseline is the same revocation read back on node A, which drops its own entry at once: the
/// difference is the cross-node delay. BRIEF target: p99 at most 100 ms. Each iteration is one revocation, so
/// the percentiles are over single revocations; the job is in-process and set here, so run it without
/// <c>--job</c> or <c>--inProcess</c>. Needs MSPHUB_BENCH_POSTGRES.
/// </summary>
[Config(typeof(LatencyConfig))]
public class InvalidationLatencyBenchmarks
{
    private string _database = null!;
    private ServiceProvider _nodeA = null!;
    private ServiceProvider _nodeB = null!;
    private IPermissionEvaluator _evaluatorA = null!;
    private IPermissionEvaluator _evaluatorB = null!;
    private PermissionId _permission;
    private Guid _technician;
    private Guid _tenant;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [IterationSetup]
    public void Grant() => GrantAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Revoked on node A, refused on node A")]
    public Task SameNode() => RevokeUntilRefusedAsync(_evaluatorA);

    [Benchmark(Description = "Revoked on node A, refused on node B")]
    public Task OtherNode() => RevokeUntilRefusedAsync(_evaluatorB);

    private async Task RevokeUntilRefusedAsync(IPermissionEvaluator reader)
    {
        using (var scope = _nodeA.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician, _tenant);
        }

        while (await reader.HasPermissionAsync(_technician, _tenant, _permission))
        {
            await Task.Yield();
        }
    }

    private async Task SetupAsync()
    {
        (_database, var connectionString) = BenchmarkPostgres.Create();
        _nodeA = Node(connectionString);
        _nodeB = Node(connectionString);
        using (var scope = _nodeA.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BenchDb>().Database.EnsureCreatedAsync();
            var tenant = Tenant.Create("bench", "Bench");
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(tenant);
            var technician = HubUser.Create("technician", SystemRole.Technician);
            await scope.ServiceProvider.GetRequiredService<IHubUserStore>().AddUserAsync(technician);
            (_tenant, _technician) = (tenant.Id, technician.Id);
        }

        foreach (var node in new[] { _nodeA, _nodeB })
        {
            foreach (var service in node.GetServices<IHostedService>())
            {
                await service.StartAsync(CancellationToken.None);
            }
        }

        await WaitForListenersAsync(connectionString, count: 2);
        _evaluatorA = _nodeA.GetRequiredService<IPermissionEvaluator>();
        _evaluatorB = _nodeB.GetRequiredService<IPermissionEvaluator>();
        _permission = _nodeA.GetRequiredService<PermissionCatalog>().Id("automs.view");
    }

    private async Task CleanupAsync()
    {
        foreach (var node in new[] { _nodeB, _nodeA })
        {
            foreach (var service in node.GetServices<IHostedService>())
            {
                await service.StopAsync(CancellationToken.None);
            }

            await node.DisposeAsync();
        }

        BenchmarkPostgres.Drop(_database);
    }

    // Both nodes must hold the entry before the revocation, and the grant's own announcement must have been heard,
    // or it could drop node B's entry after the revocation and be counted as the revocation arriving.
    private async Task GrantAsync()
    {
        using (var scope = _nodeA.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(_technician, _tenant, ["automs.view"]);
        }

        foreach (var reader in new[] { _evaluatorA, _evaluatorB })
        {
            while (!await reader.HasPermissionAsync(_technician, _tenant, _permission))
            {
                await Task.Delay(1);
            }
        }

        await Task.Delay(50);
        if (!await _evaluatorB.HasPermissionAsync(_technician, _tenant, _permission))
        {
            throw new InvalidOperationException("Node B lost the grant again before the revocation.");
        }
    }

    private static ServiceProvider Node(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddDbContext<BenchDb>(o => o.UseNpgsql(connectionString));
        services.AddMspHub(hub => hub
            .Configure(o => o.AccessCache.Duration = TimeSpan.FromHours(1))
            .AddEntityFrameworkStores<BenchDb>()
            .AddPostgresCacheNotifications<BenchDb>()
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All)));
        return services.BuildServiceProvider();
    }

    private static async Task WaitForListenersAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var listeners = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN msphub_cache'", connection);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await listeners.ExecuteScalarAsync())! < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The nodes never started listening for access changes.");
            }

            await Task.Delay(50);
        }
    }

    private sealed class BenchDb(DbContextOptions<BenchDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }

    private sealed class LatencyConfig : ManualConfig
    {
        // One revocation per iteration, every one kept: a latency's slow tail is the point, not an outlier.
        public LatencyConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(5)
                .WithIterationCount(200)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithOutlierMode(OutlierMode.DontRemove)
                .WithToolchain(InProcessEmitToolchain.Instance));
            AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
        }
    }
}
