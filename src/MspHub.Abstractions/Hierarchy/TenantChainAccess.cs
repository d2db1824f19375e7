namespace MspHub;

/// <summary>
/// What one user's rows along one tenant's chain (the tenant, then its ancestors) give in that tenant: the membership
/// there and the subtree memberships above it, each role resolved where its membership is held (the nearest tenant
/// of that chain defining the name), and the grant there with the subtree grants above it. A subtree row counts only
/// downwards, so nothing held in a branch reaches its parent or a sibling.
/// </summary>
/// <remarks>
/// For an <see cref="IAccessStore"/> that keeps the tenant tree: reading the user's rows along the chain and handing them
/// here gives the same <see cref="AccessFacts"/> as MspHub's own stores, so the hierarchy rules live in one place.
/// Set <see cref="AdminTenancyId"/> when the admin tenancy is on the chain.
/// </remarks>
/// <param name="tenantId">The tenant asked about.</param>
/// <param name="ancestry">Its ancestors, nearest first.</param>
/// <param name="memberships">The user's memberships along the chain (others are ignored), by tenant.</param>
/// <param name="roles">The roles defined along the chain (others are ignored).</param>
/// <param name="grants">The user's grants in force along the chain (others are ignored), by tenant.</param>
public sealed class TenantChainAccess(
    Guid tenantId,
    IReadOnlyList<Guid> ancestry,
    IReadOnlyDictionary<Guid, Membership> memberships,
    IReadOnlyList<TenantRole> roles,
    IReadOnlyDictionary<Guid, TechnicianGrant> grants)
{
    /// <summary>
    /// The admin tenancy, if it is among the ancestors: its roles, subtree memberships and subtree grants reach no tenant
    /// under it. It is the MSP's own organisation; the MSP reaches its clients through system roles and technician
    /// grants, so no tenant role held in the MSP's tenant, however it is configured, reaches into a client's.
    /// </summary>
    public Guid? AdminTenancyId { get; init; }

    /// <summary>The roles inherited along <paramref name="chain"/> (the tenant first, then its ancestors): by name, the nearest ancestor's, leaving out names the tenant defines itself.</summary>
    public static IReadOnlyList<TenantRole> Inherited(IReadOnlyList<Guid> chain, IReadOnlyList<TenantRole> roles)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(roles);
        if (chain.Count == 0)
        {
            return [];
        }

        var seen = roles.Where(r => r.TenantId == chain[0]).Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. chain.Skip(1).SelectMany(id => roles.Where(r => r.TenantId == id).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)).Where(r => seen.Add(r.Name))];
    }

    /// <summary>The facts for <paramref name="user"/>; <paramref name="shadowsHold"/> says whether their shadow memberships give entry.</summary>
    public AccessFacts For(HubUser user, bool shadowsHold)
    {
        ArgumentNullException.ThrowIfNull(user);
        var own = memberships.GetValueOrDefault(tenantId);
        var above = InheritsFrom();
        var holding = above.Select(memberships.GetValueOrDefault).Where(m => m is { IsShadow: false, IncludesDescendants: true })
            .Prepend(own is { IsShadow: false } ? own : null)
            .OfType<Membership>()
            .ToList();
        var counted = above.Select(grants.GetValueOrDefault).Where(g => g is { IncludesDescendants: true })
            .Prepend(grants.GetValueOrDefault(tenantId))
            .OfType<TechnicianGrant>()
            .ToList();
        var rolePermissions = holding.SelectMany(m => m.Roles.Select(name => Resolve(m.TenantId, name)))
            .OfType<TenantRole>()
            .SelectMany(r => r.Permissions)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var entersByMembership = holding.Count > 0 || (own is not null && shadowsHold);
        return new AccessFacts(user.SystemRole, user.IsActive, rolePermissions, [.. counted.SelectMany(g => g.Permissions).Distinct(StringComparer.Ordinal)])
        {
            IsInTenant = entersByMembership || counted.Count > 0,
            AccessVersion = user.AccessVersion,
            Ancestry = ancestry,
            ValidUntil = counted.Select(g => g.ExpiresAt).Min(),
        };
    }

    // The role a membership held in `holder` means by `name`: the nearest tenant from the holder upwards that defines it.
    private TenantRole? Resolve(Guid holder, string name) =>
        Chain().SkipWhile(id => id != holder)
            .Select(id => roles.FirstOrDefault(r => r.TenantId == id && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(r => r is not null);

    private IEnumerable<Guid> Chain() => InheritsFrom().Prepend(tenantId);

    // The ancestors access flows from: all but the admin tenancy. The facts keep the whole ancestry, so that a change at
    // the admin tenancy (its designation moving) still drops what the tenants under it cached.
    private IEnumerable<Guid> InheritsFrom() => AdminTenancyId is { } admin ? ancestry.Where(id => id != admin) : ancestry;
}
