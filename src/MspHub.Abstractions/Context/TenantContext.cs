namespace MspHub;

/// <summary>
/// The tenant state of the current logical flow (request, job, test). Immutable; a scope replaces it
/// and restores the previous one on dispose.
/// </summary>
public sealed class TenantContext
{
    private TenantContext(TenantContextKind kind, Tenant? tenant, string? crossTenantScopeName)
    {
        Kind = kind;
        Tenant = tenant;
        CrossTenantScopeName = crossTenantScopeName;
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
    public string? CrossTenantScopeName { get; }

    /// <summary>Whether exactly one tenant is active.</summary>
    public bool HasTenant => Kind == TenantContextKind.Tenant;

    /// <summary>Whether a named cross-tenant scope is active.</summary>
    public bool IsCrossTenant => Kind == TenantContextKind.CrossTenant;

    /// <summary>
    /// The active tenant, for code that works on one tenant's data and must not run without one; throws
    /// <see cref="TenantRequiredException"/> naming <paramref name="what"/> otherwise, a cross-tenant scope included.
    /// </summary>
    /// <param name="what">What needed the tenant, for example <c>"automs"</c>.</param>
    public Tenant RequireTenant(string what) => Tenant ?? throw new TenantRequiredException(what, this);

    internal static TenantContext For(Tenant tenant) => new(TenantContextKind.Tenant, tenant, null);

    internal static TenantContext CrossTenant(string scopeName) => new(TenantContextKind.CrossTenant, null, scopeName);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TenantContextKind.Tenant => $"tenant {Tenant!.Slug} ({Tenant.Id})",
        TenantContextKind.CrossTenant => $"cross-tenant scope '{CrossTenantScopeName}'",
        _ => "no tenant",
    };
}
