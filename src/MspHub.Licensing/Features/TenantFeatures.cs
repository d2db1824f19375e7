namespace MspHub.Licensing;

/// <summary>The default <see cref="ITenantFeatures"/>, over <see cref="ILicensing"/> and the tenant store.</summary>
internal sealed class TenantFeatures(ILicensing licensing, ITenantStore tenants) : ITenantFeatures
{
    public bool IsEnabled(Tenant tenant, string feature)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        return licensing.HasFeature(feature) && !tenant.DisabledFeatures.Contains(feature, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<TenantFeature> List(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var licensed = licensing.Status.Licence?.Features ?? [];
        return [.. licensed.Select(f => new TenantFeature(f, IsEnabled(tenant, f)))];
    }

    public async Task<Tenant> SetAsync(Guid tenantId, string feature, bool enabled, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        if (enabled && !licensing.HasFeature(feature))
        {
            throw new FeatureNotLicensedException(feature);
        }

        var tenant = await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false)
            ?? throw new TenantNotFoundException(tenantId.ToString());
        var changed = tenant with
        {
            DisabledFeatures = enabled
                ? [.. tenant.DisabledFeatures.Where(f => !string.Equals(f, feature, StringComparison.OrdinalIgnoreCase))]
                : [.. tenant.DisabledFeatures, feature],
        };
        if (!changed.Equals(tenant))
        {
            await tenants.UpdateAsync(changed, cancellationToken).ConfigureAwait(false);
        }

        return changed;
    }
}
