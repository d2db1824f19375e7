using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.Benchmarks;

/// <summary>
/// The scale-out load test (<c>MspHub.Benchmarks scale-out</c>, driven by <c>benchmarks/scale-out/run.sh</c>): two app
/// nodes (each its own service provider, caches, pools and <c>LISTEN</c> connection, in one process) over three
/// PostgreSQL servers, on loopback. It measures, and prints:
/// <list type="number">
/// <item>throughput of a tenant request (read the tenant's ticket count, add a ticket) by random tenants of 1,000 on
/// random nodes, with every tenant on one server (the baseline) and then with 1,000 other tenants spread over three;</item>
/// <item>cross-node invalidation latency: from node A's commit making a tenant read-only until node B refuses its write,
/// against the same on node A (p50, p99);</item>
/// <item>a move's write fence for a tenant with 100,000 rows, moved to a dedicated database on another server while
/// node B keeps writing to it, and that no acknowledged write was lost.</item>
/// </list>
/// Every phase is bounded, so the run stops by itself; it drops every database and role it made.
/// </summary>
internal static class ScaleOutLoad
{
    public const string Command = "scale-out";
    private const string AppRole = "msphub_load_app";
    private static readonly string[] ServerNames = ["a", "b", "c"];
    private static readonly string[] Variables = ["MSPHUB_BENCH_POSTGRES", "MSPHUB_BENCH_POSTGRES_B", "MSPHUB_BENCH_POSTGRES_C"];

    public static async Task RunAsync(TimeSpan duration, int workers, int tenants, int bigTenantRows)
    {
        var admins = Variables.Select(v => Environment.GetEnvironmentVariable(v)
            ?? throw new InvalidOperationException($"Set {string.Join(", ", Variables)} to connection strings of three PostgreSQL servers (a role that may create databases and roles).")).ToList();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var control = $"msphub_load_control_{suffix}";
        var shared = $"msphub_load_shared_{suffix}";
        try
        {
            await ExecuteAsync(admins[0], $"CREATE DATABASE {control}");
            foreach (var admin in admins)
            {
                await ExecuteAsync(admin, $"CREATE DATABASE {shared}");
                await ExecuteAsync(admin, $"DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AppRole}') THEN CREATE ROLE {AppRole} LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END$$");
            }

            var servers = admins.ConvertAll(a => (
                App: new NpgsqlConnectionStringBuilder(a) { Database = shared, Username = AppRole, MaxPoolSize = 40 }.ConnectionString,
                Admin: new NpgsqlConnectionStringBuilder(a) { Database = shared }.ConnectionString));
            var controlString = new NpgsqlConnectionStringBuilder(admins[0]) { Database = control, MaxPoolSize = 40 }.ConnectionString;
            var policy = new LoadPlacementPolicy();
            await using var nodeA = Node(controlString, servers, policy);
            await using var nodeB = Node(controlString, servers, policy);
            await PrepareAsync(nodeA, servers.ConvertAll(s => s.Admin));
            await StartAsync(nodeA, nodeB, controlString);

            Console.WriteLine($"Scale-out load: 2 nodes, {admins.Count} servers, {tenants} tenants per layout, {workers} workers, {duration.TotalSeconds:F0} s per layout.");
            var oneServer = await PlaceTenantsAsync(nodeA, policy, spread: false, tenants, "single");
            var one = await ThroughputAsync([nodeA, nodeB], oneServer, workers, duration);
            var threeServers = await PlaceTenantsAsync(nodeA, policy, spread: true, tenants, "spread");
            var three = await ThroughputAsync([nodeA, nodeB], threeServers, workers, duration);
            Console.WriteLine($"Throughput, one server:    {one:F0} requests/s");
            Console.WriteLine($"Throughput, three servers: {three:F0} requests/s ({three / one:F2}x)");

            var sameNode = await InvalidationAsync(nodeA, nodeA, threeServers, samples: 100);
            var otherNode = await InvalidationAsync(nodeA, nodeB, threeServers, samples: 100);
            Console.WriteLine($"Read-only refused on node A (same node):  p50 {Percentile(sameNode, 50):F1} ms, p99 {Percentile(sameNode, 99):F1} ms");
            Console.WriteLine($"Read-only refused on node B (other node): p50 {Percentile(otherNode, 50):F1} ms, p99 {Percentile(otherNode, 99):F1} ms");

            await MoveUnderLoadAsync(nodeA, nodeB, policy, servers[0].Admin, bigTenantRows);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var admin in admins)
            {
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {shared} WITH (FORCE)");
            }

            await ExecuteAsync(admins[0], $"DROP DATABASE IF EXISTS {control} WITH (FORCE)");
            foreach (var admin in admins)
            {
                await DropDedicatedAsync(admin);
                await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {AppRole}");
            }
        }
    }

    private static ServiceProvider Node(string control, List<(string App, string Admin)> servers, LoadPlacementPolicy policy)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<LoadControlDb>()
            .AddPostgresCacheNotifications<LoadControlDb>()
            .AddTenantPlacements<LoadControlDb, LoadDataDb>(o =>
            {
                foreach (var (name, (app, admin)) in ServerNames.Zip(servers))
                {
                    o.Servers.Add(new PlacementServer { Name = name, ConnectionString = app, AdminConnectionString = admin });
                }

                o.CacheFor = TimeSpan.FromMinutes(5);
            }));
        services.AddSingleton<IPlacementPolicy>(policy);
        services.AddDbContextPool<LoadControlDb>(o => o.UseNpgsql(control));
        services.AddPooledDbContextFactory<LoadDataDb>((sp, o) => o.UseNpgsql().UseMspHub(sp, m => m.PostgresRowLevelSecurity = true).UseTenantPlacements(sp));
        services.RouteToTenantPlacements<LoadDataDb>();
        return services.BuildServiceProvider();
    }

    // The control plane's tables, and on each server the shared database's table, row-level security and the app role's grants.
    private static async Task PrepareAsync(ServiceProvider node, List<string> sharedAdmins)
    {
        using (var scope = node.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<LoadControlDb>().Database.EnsureCreatedAsync();
        }

        foreach (var admin in sharedAdmins)
        {
            var options = new DbContextOptionsBuilder<LoadDataDb>().UseNpgsql(admin).UseMspHub(node).Options;
            await using var db = new LoadDataDb(options);
            await db.Database.EnsureCreatedAsync();
            await db.Database.EnableTenantRowLevelSecurityAsync();
            await db.Database.ExecuteSqlRawAsync($"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {AppRole}");
        }
    }

    private static async Task StartAsync(ServiceProvider nodeA, ServiceProvider nodeB, string control)
    {
        foreach (var node in new[] { nodeA, nodeB })
        {
            foreach (var service in node.GetServices<IHostedService>())
            {
                await service.StartAsync(CancellationToken.None);
            }
        }

        await using var connection = new NpgsqlConnection(control);
        await connection.OpenAsync();
        await using var listeners = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'", connection);
        var until = Stopwatch.StartNew();
        while ((long)(await listeners.ExecuteScalarAsync())! < 2)
        {
            if (until.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException("The nodes did not start listening for cache changes within 30 seconds.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<List<Tenant>> PlaceTenantsAsync(ServiceProvider node, LoadPlacementPolicy policy, bool spread, int count, string prefix)
    {
        policy.Spread = spread;
        var tenants = Enumerable.Range(0, count).Select(i => Tenant.Create($"{prefix}-{i:D4}", $"Load tenant {prefix} {i}")).ToList();
        using var scope = node.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        var catalog = scope.ServiceProvider.GetRequiredService<IPlacementCatalog>();
        foreach (var tenant in tenants)
        {
            await store.AddAsync(tenant);
            await catalog.PlaceAsync(tenant.Id, PlacementKind.Shared);
        }

        return tenants;
    }

    // One request: the tenant's ticket count, then a new ticket, on a random node, for a random tenant.
    private static async Task<double> ThroughputAsync(ServiceProvider[] nodes, List<Tenant> tenants, int workers, TimeSpan duration)
    {
        long requests = 0;
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                var node = nodes[random.Next(nodes.Length)];
                var tenant = tenants[random.Next(tenants.Count)];
                await WriteAsync(node, tenant, "load");
                Interlocked.Increment(ref requests);
            }
        })));
        return requests / clock.Elapsed.TotalSeconds;
    }

    private static async Task<int> WriteAsync(ServiceProvider node, Tenant tenant, string title)
    {
        using (node.GetRequiredService<ITenancy>().BeginScope(tenant))
        {
            await using var db = await node.GetRequiredService<IDbContextFactory<LoadDataDb>>().CreateDbContextAsync();
            var count = await db.Tickets.CountAsync();
            db.Tickets.Add(new LoadTicket { Title = title });
            await db.SaveChangesAsync();
            return count;
        }
    }

    // Milliseconds from node A's commit of a read-only state until a write on the reader is refused; each sample on a
    // tenant the reader has just written to, so its placement is cached there.
    private static async Task<List<double>> InvalidationAsync(ServiceProvider writer, ServiceProvider reader, List<Tenant> tenants, int samples)
    {
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples; i++)
        {
            var tenant = tenants[i];
            await WriteAsync(reader, tenant, "warm");
            TenantPlacement placement;
            using (var scope = writer.CreateScope())
            {
                var catalog = scope.ServiceProvider.GetRequiredService<IPlacementCatalog>();
                var current = await catalog.GetAsync(tenant.Id);
                placement = await catalog.SetStateAsync(tenant.Id, PlacementState.ReadOnly, writesFenced: false, current.Epoch);
            }

            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await WriteAsync(reader, tenant, "probe");
                }
                catch (TenantReadOnlyException)
                {
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new InvalidOperationException($"Node B still wrote to tenant {tenant.Slug} 10 s after it was made read-only.");
                }
            }

            latencies.Add(clock.Elapsed.TotalMilliseconds);
            using (var scope = writer.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().SetStateAsync(tenant.Id, PlacementState.Active, writesFenced: false, placement.Epoch);
            }
        }

        return latencies;
    }

    // A tenant with many rows on server a moves to a dedicated database on server b while node B writes to it.
    private static async Task MoveUnderLoadAsync(ServiceProvider nodeA, ServiceProvider nodeB, LoadPlacementPolicy policy, string sharedAdminA, int rows)
    {
        var big = (await PlaceTenantsAsync(nodeA, policy, spread: false, 1, "big"))[0];
        await ExecuteAsync(sharedAdminA,
            $"INSERT INTO load_tickets (\"Id\", \"TenantId\", \"Title\") SELECT gen_random_uuid(), '{big.Id}', 'seed-' || g FROM generate_series(1, {rows}) g");
        var acknowledged = 0;
        var refused = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await WriteAsync(nodeB, big, "during");
                    Interlocked.Increment(ref acknowledged);
                }
                catch (Exception error) when (error is TenantReadOnlyException or TenantOperationException)
                {
                    Interlocked.Increment(ref refused);
                    await Task.Delay(20);
                }
            }
        })).ToList();

        await Task.Delay(500);
        var clock = Stopwatch.StartNew();
        TenantMoveResult moved;
        using (var scope = nodeA.CreateScope())
        {
            moved = await scope.ServiceProvider.GetRequiredService<ITenantMover>().MoveAsync(new TenantMove(big.Id, "b", PlacementKind.Dedicated, GateCaller.Service()));
        }

        var total = clock.Elapsed;
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var landed = await WriteAsync(nodeA, big, "after");
        Console.WriteLine(
            $"Move of a tenant with {rows:N0} rows to a dedicated database on another server: writes fenced {moved.WritesFencedFor.TotalMilliseconds:F0} ms, "
            + $"whole move {total.TotalSeconds:F1} s; {acknowledged} writes acknowledged and {refused} refused meanwhile.");
        Console.WriteLine(landed == rows + acknowledged
            ? $"No acknowledged write lost: the new database holds {landed:N0} rows = {rows:N0} seeded + {acknowledged} acknowledged."
            : $"WRITES LOST: the new database holds {landed:N0} rows, expected {rows + acknowledged:N0}.");
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static async Task DropDedicatedAsync(string admin)
    {
        var names = new List<string>();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'msphub\\_t\\_%'", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads the command's optional arguments: seconds per layout, workers, tenants per layout, rows of the moved tenant.</summary>
    public static (TimeSpan Duration, int Workers, int Tenants, int Rows) Arguments(string[] args) =>
        (TimeSpan.FromSeconds(Number(args, 1, 10)), Number(args, 2, 16), Number(args, 3, 1000), Number(args, 4, 100_000));

    private static int Number(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
