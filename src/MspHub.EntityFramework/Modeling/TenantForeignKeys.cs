using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Puts the tenant id into every foreign key between two tenant-owned entities, so the database itself
/// refuses a row that references another tenant's row, and refuses references from shared entities into
/// tenant-owned ones.
/// </summary>
internal static class TenantForeignKeys
{
    /// <summary>
    /// Rewrites each relationship between tenant-owned entities (not opted out with
    /// <see cref="MspHubRelationshipBuilderExtensions.HasPlainForeignKey(Microsoft.EntityFrameworkCore.Metadata.Builders.ReferenceCollectionBuilder)"/>)
    /// from <c>(FK) → (Id)</c> to <c>(TenantId, FK) → (TenantId, Id)</c>, adding the alternate key
    /// <c>(TenantId, Id)</c> to the principal.
    /// </summary>
    public static void Apply(IMutableModel model)
    {
        var shared = new List<string>();
        var setNull = new List<string>();
        foreach (var foreignKey in model.GetEntityTypes().SelectMany(e => e.GetDeclaredForeignKeys()).ToList())
        {
            if (foreignKey.IsOwnership || TenantAnnotations.TenantIdProperty(foreignKey.PrincipalEntityType) is not { } principalTenant)
            {
                continue;
            }

            if (TenantAnnotations.TenantIdProperty(foreignKey.DeclaringEntityType) is not { } dependentTenant)
            {
                shared.Add(Describe(foreignKey));
                continue;
            }

            if (foreignKey.FindAnnotation(TenantAnnotations.PlainForeignKey) is not null
                || foreignKey.Properties.Any(p => p.Name == dependentTenant)
                || SharesRow(foreignKey))
            {
                continue;
            }

            if (foreignKey.DeleteBehavior == DeleteBehavior.SetNull)
            {
                setNull.Add(Describe(foreignKey));
                continue;
            }

            var keyOwner = foreignKey.PrincipalKey.DeclaringEntityType;
            IReadOnlyList<IMutableProperty> keyProperties = [keyOwner.FindProperty(principalTenant)!, .. foreignKey.PrincipalKey.Properties];
            var key = keyOwner.FindKey(keyProperties) ?? keyOwner.AddKey(keyProperties);
            foreignKey.SetProperties([foreignKey.DeclaringEntityType.FindProperty(dependentTenant)!, .. foreignKey.Properties], key);
        }

        if (shared.Count > 0)
        {
            throw new InvalidOperationException(
                $"Entities that are not tenant-owned reference tenant-owned ones: {string.Join(", ", shared)}. "
                + "A shared row cannot say which tenant the row it points at belongs to, so the reference could cross tenants, "
                + "and queries over the dependent would silently lose rows whose principal belongs to another tenant. "
                + "Make the dependent tenant-owned (usually right: it belongs to the same tenant as its principal), or remove the relationship.");
        }

        if (setNull.Count > 0)
        {
            throw new InvalidOperationException(
                $"Relationships between tenant-owned entities with DeleteBehavior.SetNull: {string.Join(", ", setNull)}. "
                + "Their foreign keys include the tenant id, which the database cannot set to null. "
                + "Use DeleteBehavior.ClientSetNull (EF Core clears loaded dependents), Cascade or Restrict.");
        }
    }

    // Table splitting links two entity types mapped to one row by their primary keys; there is no reference to check.
    public static bool SharesRow(IReadOnlyForeignKey foreignKey) =>
        foreignKey.IsUnique
        && foreignKey.DeclaringEntityType.FindPrimaryKey() is { } key && key.Properties.SequenceEqual(foreignKey.Properties)
        && foreignKey.DeclaringEntityType.GetTableName() is { } table
        && table == foreignKey.PrincipalEntityType.GetTableName()
        && foreignKey.DeclaringEntityType.GetSchema() == foreignKey.PrincipalEntityType.GetSchema();

    private static string Describe(IReadOnlyForeignKey foreignKey) =>
        $"'{foreignKey.DeclaringEntityType.DisplayName()}' → '{foreignKey.PrincipalEntityType.DisplayName()}'";
}
