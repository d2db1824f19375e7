namespace MspHub;

/// <summary>One configured server as a placement policy sees it.</summary>
/// <param name="Server">The server's configured name.</param>
/// <param name="Tenants">How many tenants are placed on it, shared and dedicated.</param>
/// <param name="DedicatedDatabases">How many of them have a dedicated database there.</param>
public sealed record PlacementServerLoad(string Server, int Tenants, int DedicatedDatabases);
