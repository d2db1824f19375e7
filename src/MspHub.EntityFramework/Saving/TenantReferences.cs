using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// The references of a tenant-owned entity that the database cannot keep inside the tenant: navigations to a
/// tenant-owned entity over a foreign key without the tenant id (opted out with <c>HasPlainForeignKey</c>).
/// </summary>
internal static class TenantReferences
{
    private const string Annotation = "MspHub:PlainTenantReferences";

    /// <summary>The navigations of <paramref name="entityType"/> over plain foreign keys to tenant-owned entities.</summary>
    public static INavigation[] Plain(IEntityType entityType) =>
        entityType.GetOrAddRuntimeAnnotationValue(Annotation, static type => Find(type!), entityType);

    private static INavigation[] Find(IEntityType entityType)
    {
        var tenantId = TenantAnnotations.TenantIdProperty(entityType);
        return [.. entityType.GetForeignKeys()
            .Where(fk => !fk.IsOwnership && fk.DependentToPrincipal is not null
                && TenantAnnotations.TenantIdProperty(fk.PrincipalEntityType) is not null
                && !fk.Properties.Any(p => p.Name == tenantId))
            .Select(fk => fk.DependentToPrincipal!)];
    }
}
