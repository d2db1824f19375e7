namespace MspHub;

/// <summary>The one way MspHub finds the install's admin tenancy through a tenant store.</summary>
internal static class AdminTenancyLookup
{
    /// <summary>The admin tenancy's id, or <see langword="null"/> before there is one (no licence activated).</summary>
    public static async Task<Guid?> FindAdminTenancyIdAsync(this ITenantStore tenants, CancellationToken cancellationToken) =>
        (await tenants.ListAsync(new TenantQuery { IsAdminTenancy = true, PageSize = 1 }, cancellationToken).ConfigureAwait(false)).Items is [var adminTenancy]
            ? adminTenancy.Id
            : null;
}
