namespace MspHub.Licensing;

/// <summary>
/// Per-tenant feature switches, bounded by the licence: a feature is on for a tenant when the licence
/// includes it and the tenant has not switched it off (<see cref="Tenant.DisabledFeatures"/>). Switching a
/// feature off hides it and deletes no data; switching it back on shows the data again. Checks read the
/// tenant the caller already holds (usually the cached, active one), so they cost no database round trip.
/// </summary>
public interface ITenantFeatures
{
    /// <summary>Whether <paramref name="feature"/> is on for <paramref name="tenant"/>; always off when unlicensed.</summary>
    bool IsEnabled(Tenant tenant, string feature);

    /// <summary>Every feature the licence includes, each with whether it is on for <paramref name="tenant"/>.</summary>
    IReadOnlyList<TenantFeature> List(Tenant tenant);

    /// <summary>Switches <paramref name="feature"/> on or off for the tenant with <paramref name="tenantId"/>.</summary>
    /// <returns>The tenant as stored afterwards.</returns>
    /// <exception cref="FeatureNotLicensedException">The feature is switched on but the licence lacks it.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    Task<Tenant> SetAsync(Guid tenantId, string feature, bool enabled, CancellationToken cancellationToken = default);
}
