namespace MspHub.Licensing;

/// <summary>
/// Per-tenant feature switches that flow down the tenant tree, bounded by the licence. A feature is on for a tenant
/// when the licence includes it and the nearest tenant on the way up that chooses (the tenant itself, then its
/// parent, and so on; see <see cref="FeatureChoice"/>) switched it on, or when no one chooses. So an MSP switches a
/// feature off once at a client and every branch under it follows, including branches created or moved there
/// later, while one branch can still choose otherwise. Switching a feature off hides it and deletes no data.
/// </summary>
/// <remarks>
/// Checks read the tenant they are given and its ancestors through the tenant cache, each ancestor a cached tenant
/// record, so a warm check is a few dictionary look-ups with no database round trip and no allocation. Nothing
/// inherited is copied onto a descendant: a change at a parent invalidates only the parent's cache entry (on every
/// node, through the cache transport), and the next check of any descendant reads the parent afresh.
/// </remarks>
public interface ITenantFeatures
{
    /// <summary>Whether <paramref name="feature"/> is on for <paramref name="tenant"/>; always off when unlicensed.</summary>
    /// <remarks>
    /// Synchronous for callers that cannot await (a view, a sync filter). When an ancestor is not in the tenant cache
    /// (its first check after it changed, or the cache is off) it waits for the store to read it; code that can
    /// await calls <see cref="IsEnabledAsync"/>, which never blocks a thread.
    /// </remarks>
    bool IsEnabled(Tenant tenant, string feature);

    /// <summary>Whether <paramref name="feature"/> is on for <paramref name="tenant"/>; always off when unlicensed.</summary>
    /// <remarks>Completes synchronously, allocating nothing, when the tenant's ancestors are cached.</remarks>
    ValueTask<bool> IsEnabledAsync(Tenant tenant, string feature, CancellationToken cancellationToken = default);

    /// <summary>Every feature the licence includes, each with whether it is on for <paramref name="tenant"/> and why.</summary>
    IReadOnlyList<TenantFeature> List(Tenant tenant);

    /// <summary>
    /// Sets the tenant's own choice for <paramref name="feature"/>: <see cref="FeatureChoice.On"/> or
    /// <see cref="FeatureChoice.Off"/> for it and, by default, its whole subtree; <see cref="FeatureChoice.Inherit"/> to
    /// follow its ancestors again.
    /// </summary>
    /// <returns>The tenant as stored afterwards.</returns>
    /// <exception cref="FeatureNotLicensedException">The feature is switched on but the licence lacks it.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="choice"/> is not a <see cref="FeatureChoice"/>.</exception>
    Task<Tenant> SetAsync(Guid tenantId, string feature, FeatureChoice choice, CancellationToken cancellationToken = default);

    /// <summary>
    /// Switches <paramref name="feature"/> explicitly on or off for the tenant with <paramref name="tenantId"/> (and, by
    /// default, its subtree); the same as <see cref="SetAsync(Guid, string, FeatureChoice, CancellationToken)"/> with
    /// <see cref="FeatureChoice.On"/> or <see cref="FeatureChoice.Off"/>.
    /// </summary>
    /// <returns>The tenant as stored afterwards.</returns>
    /// <exception cref="FeatureNotLicensedException">The feature is switched on but the licence lacks it.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    Task<Tenant> SetAsync(Guid tenantId, string feature, bool enabled, CancellationToken cancellationToken = default) =>
        SetAsync(tenantId, feature, enabled ? FeatureChoice.On : FeatureChoice.Off, cancellationToken);
}
