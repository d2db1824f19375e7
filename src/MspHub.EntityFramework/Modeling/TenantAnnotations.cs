using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>The model annotations MspHub writes and reads.</summary>
internal static class TenantAnnotations
{
    /// <summary>On the model: <c>ApplyMspHub</c> ran.</summary>
    public const string Applied = "MspHub:Applied";

    /// <summary>On a tenant-owned entity type: the name of its tenant id property.</summary>
    public const string TenantId = "MspHub:TenantIdProperty";

    /// <summary>On a tenant-owned entity type: the quota each of its rows counts toward.</summary>
    public const string Quota = "MspHub:Quota";

    /// <summary>On a tenant-owned entity type: the <see cref="DateTime"/> property that records its last change, for the tenant summary's last activity.</summary>
    public const string Activity = "MspHub:Activity";

    /// <summary>On a foreign key between tenant-owned entities: the host opted it out of the tenant-composite foreign key.</summary>
    public const string PlainForeignKey = "MspHub:PlainForeignKey";

    /// <summary>The tenant id property name of <paramref name="entityType"/> or of its root type, or <see langword="null"/> when it is not tenant-owned.</summary>
    public static string? TenantIdProperty(IReadOnlyEntityType entityType) =>
        entityType.GetRootType().FindAnnotation(TenantId)?.Value as string;

    /// <summary>
    /// The quota each row of <paramref name="entityType"/> counts toward: its own, or its nearest base type's, since EF
    /// Core keeps an annotation on the type it was set on only; <see langword="null"/> when none counts.
    /// </summary>
    public static string? QuotaOf(IReadOnlyEntityType entityType)
    {
        for (var type = entityType; type is not null; type = type.BaseType)
        {
            if (type.FindAnnotation(Quota)?.Value is string quota)
            {
                return quota;
            }
        }

        return null;
    }

    /// <summary>
    /// The properties of <paramref name="foreignKey"/> that name the referenced row, without the tenant id
    /// that <c>ApplyMspHub</c> adds to foreign keys between tenant-owned entities.
    /// </summary>
    public static IReadOnlyList<IReadOnlyProperty> ReferenceProperties(IReadOnlyForeignKey foreignKey) =>
        TenantIdProperty(foreignKey.DeclaringEntityType) is { } tenantId && foreignKey.Properties.Count > 1 && foreignKey.Properties[0].Name == tenantId
            ? [.. foreignKey.Properties.Skip(1)]
            : foreignKey.Properties;
}
