using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MspHub.EntityFramework;

/// <summary>Marks entities tenant-owned and makes their keys and unique indexes tenant-composite.</summary>
public static class MspHubEntityTypeBuilderExtensions
{
    /// <summary>The tenant id property name used unless <see cref="IsTenantOwned{TEntity}"/> names another.</summary>
    public const string DefaultTenantIdProperty = "TenantId";

    /// <summary>
    /// Marks <typeparamref name="TEntity"/> tenant-owned without it implementing <see cref="ITenantOwned"/>,
    /// or names its tenant id property. <c>ApplyMspHub</c> completes the configuration.
    /// </summary>
    /// <param name="builder">The entity's builder.</param>
    /// <param name="propertyName">The <see cref="Guid"/> property holding the tenant id; a shadow property is created when the type has none.</param>
    public static EntityTypeBuilder<TEntity> IsTenantOwned<TEntity>(this EntityTypeBuilder<TEntity> builder, string propertyName = DefaultTenantIdProperty)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(propertyName);
        builder.Metadata.SetAnnotation(TenantAnnotations.TenantId, propertyName);
        return builder;
    }

    /// <summary>
    /// A unique index over the tenant id followed by <paramref name="properties"/>, so values need only be
    /// unique within a tenant (two tenants can both have an automation named "Backup").
    /// </summary>
    /// <example><code>entity.HasTenantUniqueIndex(a => a.Name);  entity.HasTenantUniqueIndex(a => new { a.Folder, a.Name });</code></example>
    public static IndexBuilder<TEntity> HasTenantUniqueIndex<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, object?>> properties)
        where TEntity : class =>
        builder.HasIndex([TenantIdOf(builder), .. PropertyNames(properties)]).IsUnique();

    /// <summary>
    /// An alternate key over the tenant id followed by <paramref name="properties"/>, which dependents
    /// can reference with a composite foreign key that includes their own tenant id, so the database
    /// itself refuses a reference to another tenant's row.
    /// </summary>
    public static KeyBuilder<TEntity> HasTenantAlternateKey<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, object?>> properties)
        where TEntity : class =>
        builder.HasAlternateKey([TenantIdOf(builder), .. PropertyNames(properties)]);

    /// <summary>
    /// Declares that each <typeparamref name="TEntity"/> row uses one unit of <paramref name="quota"/>, so
    /// <see cref="IQuotaCounter.ReconcileAsync"/> can recompute the quota's counters from the rows that exist.
    /// Counting still happens where items are created (<see cref="IQuotaCounter.ClaimAsync"/>); this only
    /// tells reconciliation what to count.
    /// </summary>
    /// <example><code>modelBuilder.Entity&lt;Autom&gt;().CountsTowardQuota("automs");</code></example>
    public static EntityTypeBuilder<TEntity> CountsTowardQuota<TEntity>(this EntityTypeBuilder<TEntity> builder, string quota)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        builder.Metadata.SetAnnotation(TenantAnnotations.Quota, quota);
        return builder;
    }

    /// <summary>
    /// Names the <see cref="DateTime"/> (UTC) property that records when a row last changed, so the tenant
    /// summary (<see cref="ITenantSummaries"/>) can report each tenant's last activity.
    /// </summary>
    /// <example><code>modelBuilder.Entity&lt;Autom&gt;().TracksTenantActivity(a => a.UpdatedAt);</code></example>
    public static EntityTypeBuilder<TEntity> TracksTenantActivity<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, DateTime>> property)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(property);
        var name = property.Body is MemberExpression member
            ? member.Member.Name
            : throw new ArgumentException("Give one property, as in e => e.UpdatedAt.", nameof(property));
        builder.Metadata.SetAnnotation(TenantAnnotations.Activity, name);
        return builder;
    }

    private static string TenantIdOf<TEntity>(EntityTypeBuilder<TEntity> builder)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Metadata.FindAnnotation(TenantAnnotations.TenantId)?.Value as string
            ?? (typeof(ITenantOwned).IsAssignableFrom(typeof(TEntity))
                ? DefaultTenantIdProperty
                : throw new InvalidOperationException(
                    $"'{typeof(TEntity).Name}' is not tenant-owned yet. Implement ITenantOwned or call IsTenantOwned() before adding tenant-composite keys and indexes."));
        TenantIdProperty(builder, name);
        return name;
    }

    /// <summary>
    /// The tenant id property, which the tenant-composite alternate key <c>(TenantId, Id)</c> includes.
    /// EF Core refuses changes to key values while it detects changes; while the property is in no key
    /// yet, marking it savable leaves that decision to the save guard, which refuses a changed tenant id
    /// with a <see cref="TenantIsolationException"/> and claims stubs for the current tenant.
    /// </summary>
    internal static PropertyBuilder<Guid> TenantIdProperty(EntityTypeBuilder builder, string name)
    {
        var property = builder.Property<Guid>(name).HasValueGenerator<CurrentTenantValueGenerator>();
        if (!property.Metadata.IsKey())
        {
            property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Save);
        }

        return property;
    }

    private static IEnumerable<string> PropertyNames<TEntity>(Expression<Func<TEntity, object?>> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var body = properties.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : properties.Body;
        return body switch
        {
            MemberExpression member => [member.Member.Name],
            NewExpression { Members: { } members } => members.Select(m => m.Name),
            _ => throw new ArgumentException("Give one property (e => e.Name) or several (e => new { e.Folder, e.Name }).", nameof(properties)),
        };
    }
}
