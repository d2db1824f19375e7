namespace MspHub;

/// <summary>What the ambient tenant context holds.</summary>
public enum TenantContextKind
{
    /// <summary>No tenant: tenant-scoped data is unreachable. The state outside any scope.</summary>
    None = 0,

    /// <summary>Exactly one tenant is active.</summary>
    Tenant = 1,

    /// <summary>
    /// A named, audited cross-tenant (host) scope: code that must see every tenant, such as billing
    /// roll-ups or migrations. Never entered implicitly.
    /// </summary>
    CrossTenant = 2,

    /// <summary>
    /// A named, audited, read-only subtree scope: a tenant and its descendants (<see cref="TenantContext.Subtree"/>),
    /// for roll-up reports over a client and its sites. The walls are widened to exactly that set; nothing can be saved.
    /// </summary>
    Subtree = 3,
}
