using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>Opting a relationship out of MspHub's tenant-composite foreign keys.</summary>
public static class MspHubRelationshipBuilderExtensions
{
    /// <summary>
    /// Keeps this relationship between two tenant-owned entities as configured, without the tenant id
    /// <c>ApplyMspHub</c> otherwise adds to its foreign key. The database then no longer refuses a row
    /// that references another tenant's row, and a cascade from one tenant's delete can reach rows of
    /// another tenant that were made to reference it. Use it only for a schema you cannot change yet.
    /// </summary>
    /// <param name="builder">The one-to-many relationship.</param>
    public static ReferenceCollectionBuilder HasPlainForeignKey(this ReferenceCollectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.SetAnnotation(TenantAnnotations.PlainForeignKey, true);
        return builder;
    }

    /// <inheritdoc cref="HasPlainForeignKey(ReferenceCollectionBuilder)"/>
    /// <param name="builder">The one-to-one relationship.</param>
    public static ReferenceReferenceBuilder HasPlainForeignKey(this ReferenceReferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.SetAnnotation(TenantAnnotations.PlainForeignKey, true);
        return builder;
    }
}
