using System.Security.Claims;

namespace MspHub.AspNetCore;

/// <summary>
/// The one place that decides whether a caller may act in a tenant. <c>UseMspHub()</c>, the permission
/// handler behind <c>RequirePermission</c>, <see cref="TenantEntryRequirement"/>, session tokens and the
/// session endpoints all ask it, so they can never disagree. A decision takes in, in this order: whether
/// the tenant exists (a tenant being deleted does not), the caller (an API key acts in its own tenant only;
/// a user through their membership, shadow membership, technician grant or MSP admin role, read through
/// the cached <see cref="IPermissionEvaluator"/>), whether a session token is older than its user's access,
/// and whether the tenant is suspended. The status comes from <see cref="ITenantStore.FindStatusAsync"/>,
/// never from a cached tenant, so a suspension or deletion made on another node counts at once.
/// </summary>
/// <remarks>
/// Registered as a scoped service. Within one scope (one request) a decision for the same principal and
/// tenant is made once and then remembered, so the middleware and every authorization check after it share
/// one store read.
/// </remarks>
public interface ITenantGate
{
    /// <summary>Decides whether <paramref name="principal"/> (a session token, another scheme's user, or an API key) may act in <paramref name="tenantId"/>.</summary>
    /// <param name="principal">The caller. An anonymous principal is always refused.</param>
    /// <param name="tenantId">The tenant; <see cref="Guid.Empty"/> stands for a tenant that does not exist (one named by a slug no tenant has).</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    ValueTask<TenantGateDecision> DecideAsync(ClaimsPrincipal principal, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Decides whether the user <paramref name="userId"/> may act in <paramref name="tenantId"/>: the same rules, with no token to compare.</summary>
    ValueTask<TenantGateDecision> DecideAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);
}
