namespace MspHub;

/// <summary>
/// The tenant list as a given user may see it: an MSP admin sees every tenant; anyone else (a technician, a
/// tenant user) only the tenants where they hold a membership, shadow included, or a technician grant.
/// Searching, sorting and paging are the <see cref="TenantQuery"/>'s.
/// </summary>
public interface ITenantDirectory
{
    /// <summary>One page of the tenants <paramref name="userId"/> may see that match <paramref name="query"/>; empty for an unknown or inactive user.</summary>
    Task<PagedResult<Tenant>> ListForAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken = default);
}
