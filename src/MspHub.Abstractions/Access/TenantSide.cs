namespace MspHub;

/// <summary>
/// The checks every tenant-side call makes, shared by <see cref="ITenantAccessManager"/>, <see cref="ITenantInvitations"/>,
/// the technician services, <see cref="IApiKeyManager"/> and <see cref="IBrandingService"/>.
/// </summary>
internal static class TenantSide
{
    /// <summary>
    /// Refuses a tenant other than the active one: tenant-side calls act on the active tenant only; code outside any
    /// tenant (provisioning, jobs) and cross-tenant scopes may name any tenant.
    /// </summary>
    public static void RequireActiveTenant(ITenancy tenancy, Guid tenantId)
    {
        if (tenancy.Current.TenantId is { } active && active != tenantId)
        {
            throw new TenantIsolationException(
                $"A tenant-side call for tenant {tenantId} was made while tenant {active} is active. "
                + "It acts on the active tenant only; name another tenant outside any tenant scope (provisioning, a job) or in a cross-tenant scope.");
        }
    }

    /// <summary>The requested role names without duplicates, refusing any the tenant neither has nor inherits.</summary>
    public static async Task<List<string>> RequireRolesAsync(ITenantRoleStore store, Guid tenantId, IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var defined = (await store.ListRolesAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Concat(await store.ListInheritedRolesAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var requested = roles.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var missing = requested.Where(r => !defined.Contains(r)).ToList();
        return missing.Count == 0
            ? requested
            : throw new AccessRuleException($"The tenant has no role {string.Join(", ", missing.Select(r => $"'{r}'"))}; create it first.");
    }
}
