namespace MspHub.EntityFramework;

/// <summary>
/// Removes a tenant's data that lives outside the control plane's context (in its placement's database), for tenant
/// deletion: called once the tenant is fenced and before the control plane's own rows go, so a deletion that fails
/// halfway leaves a fenced tenant that deleting again finishes.
/// </summary>
internal interface ITenantDataEraser
{
    /// <summary>Refuses, before the deletion changes anything, a tenant whose data cannot be erased now (one being moved).</summary>
    /// <exception cref="TenantOperationException">The tenant's data cannot be erased now.</exception>
    Task RefuseUnlessErasableAsync(Tenant tenant, CancellationToken cancellationToken);

    /// <summary>Removes every row of <paramref name="tenant"/> there; removing what is already gone is not an error.</summary>
    /// <returns>The rows removed, by table.</returns>
    Task<IReadOnlyDictionary<string, int>> EraseAsync(Tenant tenant, CancellationToken cancellationToken);
}
