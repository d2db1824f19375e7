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

    /// <summary>
    /// Why <see cref="MaxTenants"/> is what it is, as a clause a refusal at the limit ends its message with
    /// (MspHub.Licensing, unlicensed: "the limit is 0 because there is no valid licence (Missing); install a valid
    /// licence to raise it"), or <see langword="null"/> when the limit needs no explaining.
    /// </summary>
    string? MaxTenantsReason => null;
}
