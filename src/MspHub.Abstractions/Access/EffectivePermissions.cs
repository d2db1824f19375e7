namespace MspHub;

/// <summary>
/// The access rules, as one pure function from what the store knows to the permissions a user holds in
/// a tenant:
/// <list type="bullet">
/// <item>an inactive or unknown user holds nothing;</item>
/// <item>an MSP admin holds every permission, in every tenant;</item>
/// <item>a technician holds exactly what they were granted in that tenant, never a sensitive or MSP-level
/// permission, and nothing through tenant roles: with no grant there, they hold nothing (cross-tenant
/// access is denied by default);</item>
/// <item>anyone else holds the permissions of their tenant roles there, never MSP-level ones.</item>
/// </list>
/// Names the catalog no longer declares are ignored.
/// </summary>
public static class EffectivePermissions
{
    /// <summary>Computes the permissions <paramref name="facts"/> give in <paramref name="catalog"/>'s terms.</summary>
    public static PermissionSet Compile(AccessFacts facts, PermissionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(catalog);
        if (!facts.IsActive)
        {
            return catalog.Nothing;
        }

        if (facts.SystemRole == SystemRole.MspAdmin)
        {
            return catalog.Everything;
        }

        return facts.SystemRole == SystemRole.Technician
            ? catalog.Create(Known(facts.GrantedPermissions, catalog).Where(id => !catalog.IsSensitive(id) && !catalog.IsMspLevel(id)), facts.IsInTenant)
            : catalog.Create(Known(facts.RolePermissions, catalog).Where(id => !catalog.IsMspLevel(id)), facts.IsInTenant);
    }

    /// <summary>
    /// Whether <paramref name="facts"/> give access as a technician through a grant in force, the only way a technician
    /// holds anything in a tenant (tenant roles give them nothing, and only technicians hold grants).
    /// </summary>
    internal static bool ThroughTechnicianGrant(AccessFacts facts) =>
        facts is { IsActive: true, SystemRole: SystemRole.Technician } && facts.GrantedPermissions.Count > 0;

    private static IEnumerable<PermissionId> Known(IEnumerable<string> names, PermissionCatalog catalog)
    {
        foreach (var name in names)
        {
            if (catalog.TryGetId(name, out var id))
            {
                yield return id;
            }
        }
    }
}
