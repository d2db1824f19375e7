using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MspHub.EntityFramework.Tests.CacheNotifications;

/// <summary>
/// What the cross-node suites share, whatever the transport: two nodes of one test hub started and stopped together,
/// reads on a node, and waiting for a node to show a change ("its next request", asked until it does).
/// </summary>
internal static class CacheNodes
{
    /// <summary>What a PostgreSQL listener's connection runs while it waits, as <c>pg_stat_activity</c> shows it.</summary>
    public const string ListenQuery = "LISTEN msphub_cache";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly string Kek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The tenant vault, its data keys cached for an hour: only an announcement can explain a node forgetting one.
    /// </summary>
    public static void AddVault(MspHubBuilder hub) => hub.AddTenantVault(o =>
    {
        o.KeyEncryptionKeys["kek-1"] = Kek;
        o.CurrentKeyId = "kek-1";
        o.DataKeyCacheDuration = TimeSpan.FromHours(1);
    });

    /// <summary>Stores a secret in <paramref name="tenant"/>'s vault from <paramref name="node"/>, which makes the tenant's data key.</summary>
    public static async Task<Guid> CreateSecretAsync(IServiceProvider node, Tenant tenant, string value)
    {
        using var entered = node.GetRequiredService<ITenancy>().BeginScope(tenant);
        await using var scope = node.CreateAsyncScope();
        var secret = await scope.ServiceProvider.GetRequiredService<ITenantVault>()
            .CreateAsync(VaultKey(tenant), new VaultSecretDraft { Name = "router", Kind = "password", Value = value });
        return secret.Id;
    }

    /// <summary>Reveals a secret on <paramref name="node"/>, with the tenant's data key as that node has it (cached, or read again).</summary>
    public static async Task<string> RevealAsync(IServiceProvider node, Tenant tenant, Guid secretId)
    {
        using var entered = node.GetRequiredService<ITenancy>().BeginScope(tenant);
        await using var scope = node.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ITenantVault>().RevealAsync(VaultKey(tenant), secretId)).Value;
    }

    /// <summary>Whether <paramref name="node"/> refuses to reveal the secret because the tenant's data key is gone.</summary>
    public static async Task<bool> UnreadableAsync(IServiceProvider node, Tenant tenant, Guid secretId)
    {
        try
        {
            await RevealAsync(node, tenant, secretId);
            return false;
        }
        catch (VaultIntegrityException)
        {
            return true;
        }
    }

    /// <summary>Starts each node's hosted services and waits until its transport logs <paramref name="listeningEvent"/>.</summary>
    public static async Task StartAsync(string listeningEvent, params IServiceProvider[] nodes)
    {
        foreach (var node in nodes)
        {
            foreach (var service in node.GetServices<IHostedService>())
            {
                await service.StartAsync(CancellationToken.None);
            }

            await ListeningAsync(node, listeningEvent, times: 1);
        }
    }

    /// <summary>Stops node B, then the hub's own node, and disposes both.</summary>
    public static async Task StopAsync(TestHub hub, ServiceProvider nodeB)
    {
        await StopAsync(nodeB, hub.Services);
        await nodeB.DisposeAsync();
        await hub.DisposeAsync();
    }

    /// <summary>Stops each node's hosted services, in order, leaving the nodes to their owners to dispose.</summary>
    public static async Task StopAsync(params IServiceProvider[] nodes)
    {
        foreach (var node in nodes)
        {
            foreach (var service in node.GetServices<IHostedService>())
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>The backends of every node's PostgreSQL listener on <paramref name="owner"/>'s database, in order.</summary>
    public static async Task<List<int>> ListenerPidsAsync(NpgsqlConnection owner)
    {
        await using var find = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = @listen ORDER BY pid", owner);
        find.Parameters.AddWithValue("listen", ListenQuery);
        var pids = new List<int>();
        await using var reader = await find.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    /// <summary>Kills every node's PostgreSQL listener connection on <paramref name="owner"/>'s database, as a restart or a network fault would; returns their backends.</summary>
    public static async Task<List<int>> KillListenersAsync(NpgsqlConnection owner)
    {
        var pids = await ListenerPidsAsync(owner);
        await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM unnest(@pids) AS pid", owner);
        kill.Parameters.AddWithValue("pids", pids.ToArray());
        await kill.ExecuteNonQueryAsync();
        return pids;
    }

    public static async Task<Tenant?> FindTenantAsync(IServiceProvider node, Guid id)
    {
        using var scope = node.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(id);
    }

    public static async Task<Tenant?> FindTenantAsync(IServiceProvider node, string slug)
    {
        using var scope = node.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindBySlugAsync(slug);
    }

    public static async Task<bool> CanViewAsync(IServiceProvider node, Guid userId, Guid tenantId) =>
        await node.GetRequiredService<IPermissionEvaluator>()
            .HasPermissionAsync(userId, tenantId, node.GetRequiredService<PermissionCatalog>().Id("automs.view"));

    public static IReadOnlyCollection<string> Logs(IServiceProvider node) => LogLines.Of(node);

    // An API key of the tenant holding every vault permission: no membership to set up.
    private static VaultCaller VaultKey(Tenant tenant) =>
        VaultCaller.ApiKey(Guid.CreateVersion7(), tenant.Id, [VaultPermissions.View, VaultPermissions.Reveal, VaultPermissions.Manage]);

    // A change travels after its commit: each read is the node's "next request", asked until it shows the change.
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            Assert.False(patience.IsCancellationRequested, failure);
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until <paramref name="node"/>'s transport has logged <paramref name="listeningEvent"/> (listening, caches trusted again) <paramref name="times"/> times.</summary>
    public static Task ListeningAsync(IServiceProvider node, string listeningEvent, int times) =>
        EventuallyAsync(() => Task.FromResult(Logs(node).Count(l => l.Contains(listeningEvent, StringComparison.Ordinal)) >= times), "a node never started listening");
}
