using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// MspHub's own tables, one <see cref="IEntityTypeConfiguration{TEntity}"/> each: the one definition of their names and
/// columns, which <see cref="MspHubModelBuilderExtensions.ApplyMspHub"/> and the row-level security script both read.
/// </summary>
internal static class MspHubTables
{
    /// <param name="modelBuilder">The model to add them to.</param>
    /// <param name="schema">Their schema, or <see langword="null"/> where the provider has none (SQLite).</param>
    /// <param name="sqlite">Whether times are stored the orderable way SQLite needs.</param>
    public static void Map(ModelBuilder modelBuilder, string? schema, bool sqlite)
    {
        modelBuilder.ApplyConfiguration(new TenantConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new HubUserConfiguration(schema));
        modelBuilder.ApplyConfiguration(new MembershipConfiguration(schema));
        modelBuilder.ApplyConfiguration(new TenantRoleConfiguration(schema));
        modelBuilder.ApplyConfiguration(new TechnicianGrantConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new TenantInvitationConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new TechnicianGrantRequestConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new TechnicianElevationConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new QuotaCounterConfiguration(schema));
        modelBuilder.ApplyConfiguration(new ActivationConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new BrandingConfiguration(schema));
        modelBuilder.ApplyConfiguration(new BrandingLogoConfiguration(schema));
        modelBuilder.ApplyConfiguration(new TenantSettingConfiguration(schema));
        modelBuilder.ApplyConfiguration(new ExternalLinkConfiguration(schema));
        modelBuilder.ApplyConfiguration(new AuditRecordConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new AuditChainHeadConfiguration(schema));
        modelBuilder.ApplyConfiguration(new AuditCheckpointConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new ApprovalRequestConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new GateNotificationConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new VaultDataKeyConfiguration(schema));
        modelBuilder.ApplyConfiguration(new VaultSecretConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new VaultVersionConfiguration(schema, sqlite));
        modelBuilder.ApplyConfiguration(new PlacementConfiguration(schema));
    }

    /// <summary>
    /// MspHub's tables alone, mapped as for PostgreSQL in <paramref name="schema"/>: what a migration, which cannot read
    /// the context's model, names them by.
    /// </summary>
    public static IReadOnlyModel InSchema(string? schema)
    {
        var tables = new ModelBuilder();
        Map(tables, schema, sqlite: false);
        return tables.Model;
    }
}
