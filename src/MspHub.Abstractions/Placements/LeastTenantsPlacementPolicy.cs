namespace MspHub;

/// <summary>
/// The default placement policy: the server with the fewest tenants, the first configured one on a tie, so
/// servers fill evenly and a newly added server takes new tenants until it catches up.
/// </summary>
public sealed class LeastTenantsPlacementPolicy : IPlacementPolicy
{
    /// <inheritdoc />
    public ValueTask<string> ChooseServerAsync(Guid tenantId, PlacementKind kind, IReadOnlyList<PlacementServerLoad> servers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0)
        {
            throw new ArgumentException("There is no server to place the tenant on.", nameof(servers));
        }

        var least = servers[0];
        foreach (var server in servers)
        {
            if (server.Tenants < least.Tenants)
            {
                least = server;
            }
        }

        return ValueTask.FromResult(least.Server);
    }
}
