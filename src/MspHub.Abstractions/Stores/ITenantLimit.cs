namespace MspHub;

/// <summary>
/// How many tenants the install may hold. Tenant stores check it inside the same write that adds a tenant,
/// so two concurrent creations cannot both take the last place. MspHub.Licensing supplies the licence's
/// limit; without any registration the install is unbounded.
/// </summary>
public interface ITenantLimit
{
    /// <summary>The most tenants the install may hold, or <see langword="null"/> for no limit.</summary>
    int? MaxTenants { get; }
}
