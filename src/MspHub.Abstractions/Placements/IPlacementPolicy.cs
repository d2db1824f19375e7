namespace MspHub;

/// <summary>
/// Chooses the server a new tenant is placed on. Replace it to place by region, by plan or by measured load;
/// the default, <see cref="LeastTenantsPlacementPolicy"/>, spreads tenants evenly.
/// </summary>
public interface IPlacementPolicy
{
    /// <summary>Returns the name of one of <paramref name="servers"/> for <paramref name="tenantId"/>.</summary>
    /// <param name="tenantId">The tenant being placed.</param>
    /// <param name="kind">Whether it gets the shared database or one of its own.</param>
    /// <param name="servers">Every configured server with its current load, in configuration order.</param>
    /// <param name="cancellationToken">Cancels the choice.</param>
    ValueTask<string> ChooseServerAsync(Guid tenantId, PlacementKind kind, IReadOnlyList<PlacementServerLoad> servers, CancellationToken cancellationToken);
}
