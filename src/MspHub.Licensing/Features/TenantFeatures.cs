namespace MspHub.Licensing;

/// <summary>The default <see cref="ITenantFeatures"/>, over <see cref="ILicensing"/> and the tenant store.</summary>
internal sealed class TenantFeatures(ILicensing licensing, ITenantStore tenants, IAuditLog audit) : ITenantFeatures
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

        // Only the disabled features are written, from the stored tenant: a copy cached on this node cannot
        // undo a suspension (or any other change) made elsewhere.
        return await audit.RecordAsync(
            token => tenants.UpdateAsync(
                tenantId,
                tenant => tenant with
                {
                    DisabledFeatures = enabled
                        ? [.. tenant.DisabledFeatures.Where(f => !string.Equals(f, feature, StringComparison.OrdinalIgnoreCase))]
                        : [.. tenant.DisabledFeatures, feature],
                },
                token),
            _ => new AuditEntry(AuditActions.FeatureSet, tenantId)
            {
                TargetType = "feature",
                TargetId = feature,
                Detail = new Dictionary<string, string> { ["enabled"] = enabled ? "true" : "false" },
            },
            cancellationToken).ConfigureAwait(false);
    }
}
