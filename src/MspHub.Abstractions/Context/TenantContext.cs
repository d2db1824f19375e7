namespace MspHub;

/// <summary>
/// The tenant state of the current logical flow (request, job, test). Immutable; a scope replaces it
/// and restores the previous one on dispose.
/// </summary>
public sealed class TenantContext
{
    private TenantContext(TenantContextKind kind, Tenant? tenant, string? scopeName, TenantSubtree? subtree = null)
    {
        Kind = kind;
        Tenant = tenant;
        ScopeName = scopeName;
        Subtree = subtree;
    }

    /// <summary>The shared "no tenant" state.</summary>
    public static TenantContext None { get; } = new(TenantContextKind.None, null, null);

    /// <summary>What this context holds.</summary>
    public TenantContextKind Kind { get; }

    /// <summary>The active tenant when <see cref="Kind"/> is <see cref="TenantContextKind.Tenant"/>; otherwise <see langword="null"/>.</summary>
    public Tenant? Tenant { get; }

    /// <summary>The active tenant's id, or <see langword="null"/> when no single tenant is active.</summary>
    public Guid? TenantId => Tenant?.Id;

    /// <summary>The name the cross-tenant scope was opened with, when <see cref="Kind"/> is <see cref="TenantContextKind.CrossTenant"/>.</summary>
    public string? CrossTenantScopeName => IsCrossTenant ? ScopeName : null;

    /// <summary>
    /// The tenants a subtree scope reaches, when <see cref="Kind"/> is <see cref="TenantContextKind.Subtree"/>: its root and
    /// the descendants it had when the subtree was read. <see cref="Tenant"/> stays <see langword="null"/> there, so code
    /// that needs one tenant (and anything that would write) refuses to run in it.
    /// </summary>
    public TenantSubtree? Subtree { get; }

    /// <summary>The name the cross-tenant or subtree scope was opened with; <see langword="null"/> in the other contexts.</summary>
    public string? ScopeName { get; }

    /// <summary>Whether exactly one tenant is active.</summary>
    public bool HasTenant => Kind == TenantContextKind.Tenant;

    /// <summary>Whether a named cross-tenant scope is active.</summary>
    public bool IsCrossTenant => Kind == TenantContextKind.CrossTenant;

    /// <summary>Whether a named, read-only subtree scope is active.</summary>
    public bool IsSubtree => Kind == TenantContextKind.Subtree;

    /// <summary>
    /// The active tenant, for code that works on one tenant's data and must not run without one; throws
    /// <see cref="TenantRequiredException"/> naming <paramref name="what"/> otherwise, a cross-tenant scope included.
    /// </summary>
    /// <param name="what">What needed the tenant, for example <c>"automs"</c>.</param>
    public Tenant RequireTenant(string what) => Tenant ?? throw new TenantRequiredException(what, this);

    internal static TenantContext For(Tenant tenant) => new(TenantContextKind.Tenant, tenant, null);

    internal static TenantContext CrossTenant(string scopeName) => new(TenantContextKind.CrossTenant, null, scopeName);

    internal static TenantContext ForSubtree(TenantSubtree subtree, string scopeName) => new(TenantContextKind.Subtree, null, scopeName, subtree);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TenantContextKind.Tenant => $"tenant {Tenant!.Slug} ({Tenant.Id})",
        TenantContextKind.CrossTenant => $"cross-tenant scope '{ScopeName}'",
        TenantContextKind.Subtree => $"read-only subtree scope '{ScopeName}' of {Subtree!.Root.Slug} ({Subtree.TenantIds.Count} tenants)",
        _ => "no tenant",
    };
}
