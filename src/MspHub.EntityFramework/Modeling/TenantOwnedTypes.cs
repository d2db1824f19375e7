using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Gives owned types (<c>OwnsOne</c>, <c>OwnsMany</c>) of tenant-owned entities their owner's tenant id, so
/// the save guard checks their rows like any other and row-level security covers their tables; refuses
/// table-per-type hierarchies and entity splitting, whose extra tables could hold no tenant id.
/// </summary>
internal static class TenantOwnedTypes
{
    public static void Apply(IMutableModel model)
    {
        // Owners before the types they own, so nested owned types find their owner's tenant id.
        foreach (var owned in model.GetEntityTypes().Where(e => e.IsOwned()).OrderBy(Depth).ToList())
        {
            var ownership = owned.FindOwnership()!;
            if (TenantAnnotations.TenantIdProperty(ownership.PrincipalEntityType) is { } ownerTenant)
            {
                ShareTenantId(owned, ownership, ownerTenant);
            }
        }

        // Both would give a tenant-owned type a table without a tenant id, which row-level security cannot cover.
        Refuse(model, e => e.BaseType is not null && e.GetMappingStrategy() == RelationalAnnotationNames.TptMappingStrategy, "mapped table-per-type",
            "A derived type's table would hold no tenant id, so row-level security could not cover it and the database could not keep its rows in their "
            + "tenant. Map the hierarchy table-per-hierarchy (the default) or table-per-concrete-type (UseTpcMappingStrategy()).");
        Refuse(model, e => e.GetMappingFragments().Any(), "split across tables (SplitToTable)",
            "The split-off table would hold no tenant id, so row-level security could not cover it and raw SQL would read every tenant's rows there. "
            + "Keep a tenant-owned type in one table, or move those properties to an owned type (OwnsOne(...).ToTable(...)), which gets the tenant id.");
    }

    private static void Refuse(IMutableModel model, Func<IMutableEntityType, bool> mapped, string how, string why)
    {
        var refused = model.GetEntityTypes().Where(e => TenantAnnotations.TenantIdProperty(e) is not null && mapped(e)).Select(e => e.DisplayName()).ToList();
        if (refused.Count > 0)
        {
            throw new InvalidOperationException($"Tenant-owned types {how}: {string.Join(", ", refused)}. {why}");
        }
    }

    private static void ShareTenantId(IMutableEntityType owned, IMutableForeignKey ownership, string ownerTenant)
    {
        var owner = ownership.PrincipalEntityType;
        var ownerProperty = owner.FindProperty(ownerTenant)!;
        var property = owned.FindProperty(ownerTenant) ?? owned.AddProperty(ownerTenant, typeof(Guid));
        property.IsNullable = false;
        property.IsConcurrencyToken = true;
        if (!property.IsKey())
        {
            property.SetAfterSaveBehavior(PropertySaveBehavior.Save);
        }

        owned.SetAnnotation(TenantAnnotations.TenantId, ownerTenant);
        if (owned.GetTableName() == owner.GetTableName() && owned.GetSchema() == owner.GetSchema())
        {
            // Same row as the owner: the same column, so an UPDATE of the owned part carries the owner's tenant check.
            property.SetColumnName(ownerProperty.GetColumnName());
            return;
        }

        // A table of its own: its rows reference the owner through (TenantId, owner key), so they can only hang under an owner of their tenant.
        var keyOwner = ownership.PrincipalKey.DeclaringEntityType;
        IReadOnlyList<IMutableProperty> keyProperties = [keyOwner.FindProperty(ownerTenant)!, .. ownership.PrincipalKey.Properties];
        var key = keyOwner.FindKey(keyProperties) ?? keyOwner.AddKey(keyProperties);
        ownership.SetProperties([property, .. ownership.Properties], key);
    }

    private static int Depth(IReadOnlyEntityType entityType)
    {
        var depth = 0;
        for (var owner = entityType.FindOwnership()?.PrincipalEntityType; owner is not null; owner = owner.FindOwnership()?.PrincipalEntityType)
        {
            depth++;
        }

        return depth;
    }
}
