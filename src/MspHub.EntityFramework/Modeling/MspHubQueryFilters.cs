namespace MspHub.EntityFramework;

/// <summary>The names of the EF Core query filters MspHub adds.</summary>
/// <remarks>
/// Filters are named so that a host's own filters (soft delete, for example) can be switched off with
/// <c>IgnoreQueryFilters(["SoftDelete"])</c> while the tenant filter stays. Outside a cross-tenant scope,
/// MspHub refuses queries that would switch the tenant filter off, named or with the catch-all
/// <c>IgnoreQueryFilters()</c>.
/// </remarks>
public static class MspHubQueryFilters
{
    /// <summary>The filter that keeps each tenant-owned entity to the current tenant's rows.</summary>
    public const string Tenant = "MspHub.Tenant";
}
