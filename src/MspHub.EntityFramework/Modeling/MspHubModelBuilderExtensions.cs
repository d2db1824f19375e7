using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MspHub.EntityFramework;

/// <summary>Adds MspHub's tables and tenant isolation to a DbContext's model.</summary>
public static class MspHubModelBuilderExtensions
{
    /// <summary>
    /// Call last in <c>OnModelCreating</c>, as <c>modelBuilder.ApplyMspHub(this)</c>. Adds MspHub's own
    /// tables (schema <c>msphub</c> where the provider has schemas) and makes every entity that
    /// implements <see cref="ITenantOwned"/> or was marked with
    /// <see cref="MspHubEntityTypeBuilderExtensions.IsTenantOwned{TEntity}"/> tenant-owned: a required
    /// <see cref="Guid"/> tenant id (a shadow property when the type declares none) that is also a
    /// concurrency token, an index led by it, and the named query filter
    /// <see cref="MspHubQueryFilters.Tenant"/>. Every relationship between two tenant-owned entities gets
    /// the tenant id in its foreign key, pointing at an alternate key <c>(TenantId, Id)</c> on the
    /// principal, so the database refuses a reference to another tenant's row.
    /// </summary>
    /// <param name="modelBuilder">The model being built.</param>
    /// <param name="context">The DbContext building it (<see langword="this"/>); the filter reads the tenant through it, so EF Core turns the tenant into a query parameter.</param>
    /// <param name="mapMspHubTables">
    /// Whether to add MspHub's own tables. Keep <see langword="true"/> for the context passed to
    /// <c>AddEntityFrameworkStores</c>; pass <see langword="false"/> for other contexts that only hold
    /// tenant-owned entities, so two contexts never both create the tables.
    /// </param>
    /// <exception cref="InvalidOperationException">The context's options lack MspHub, or an entity's tenant configuration is inconsistent, or an entity that is not tenant-owned references a tenant-owned one.</exception>
    public static ModelBuilder ApplyMspHub(this ModelBuilder modelBuilder, DbContext context, bool mapMspHubTables = true)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetService<IDbContextOptions>().FindExtension<MspHubDbContextOptionsExtension>() is null)
        {
            throw new InvalidOperationException(
                $"{context.GetType().Name} applies MspHub to its model, but its options lack MspHub. "
                + $"Call hub.AddEntityFrameworkStores<{context.GetType().Name}>() or add .UseMspHub(serviceProvider) to its DbContext options.");
        }

        if (mapMspHubTables)
        {
            var sqlite = context.Database.IsSqlite();
            MapMspHubTables(modelBuilder, sqlite ? null : MspHubSchema, sqlite);
        }

        var contextExpression = Expression.Constant(context, typeof(DbContext));
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => !e.IsOwned()).ToList())
        {
            var propertyName = TenantIdPropertyToConfigure(entityType);
            if (propertyName is not null)
            {
                ConfigureTenantOwned(modelBuilder.Entity(entityType.Name), propertyName, contextExpression);
            }
        }

        TenantOwnedTypes.Apply(modelBuilder.Model);
        TenantForeignKeys.Apply(modelBuilder.Model);
        modelBuilder.Model.SetAnnotation(TenantAnnotations.Applied, true);
        return modelBuilder;
    }

    /// <summary>The schema MspHub's own tables live in where the provider has schemas.</summary>
    internal const string MspHubSchema = "msphub";

    /// <summary>
    /// Maps MspHub's own tables into <paramref name="modelBuilder"/>: the one definition of their names and
    /// columns, which the row-level security migration helper reads too.
    /// </summary>
    internal static void MapMspHubTables(ModelBuilder modelBuilder, string? schema, bool sqlite)
    {
        MapTenants(modelBuilder.Entity<Tenant>(), schema, sqlite);
        MapAccess(modelBuilder, schema);
        MapInvitations(modelBuilder.Entity<TenantInvitation>(), schema, sqlite);
        DelegatedAccessTables.Map(modelBuilder, schema, sqlite);
        MapQuotas(modelBuilder, schema);
        MapActivations(modelBuilder.Entity<ActivationRecord>(), schema, sqlite);
        MapApiKeys(modelBuilder.Entity<ApiKey>(), schema, sqlite);
        MapBranding(modelBuilder, schema);
        MapSettings(modelBuilder.Entity<SettingRow>(), schema);
        MapExternalLinks(modelBuilder.Entity<ExternalLinkRow>(), schema);
        MapAudit(modelBuilder, schema, sqlite);
        GateTables.Map(modelBuilder, schema, sqlite);
        VaultTables.Map(modelBuilder, schema, sqlite);
        PlacementTables.Map(modelBuilder, schema);
    }

    private static string? TenantIdPropertyToConfigure(IMutableEntityType entityType)
    {
        var declared = typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType);
        var marked = entityType.FindAnnotation(TenantAnnotations.TenantId)?.Value as string;
        if (!declared && marked is null)
        {
            return null;
        }

        if (entityType.BaseType is not null)
        {
            return TenantAnnotations.TenantIdProperty(entityType.GetRootType()) is not null || typeof(ITenantOwned).IsAssignableFrom(entityType.GetRootType().ClrType)
                ? null
                : throw new InvalidOperationException(
                    $"Entity '{entityType.DisplayName()}' is tenant-owned but its base type '{entityType.GetRootType().DisplayName()}' is not. "
                    + "EF Core filters a hierarchy at its root, so mark the root type tenant-owned.");
        }

        return marked ?? MspHubEntityTypeBuilderExtensions.DefaultTenantIdProperty;
    }

    private static void ConfigureTenantOwned(EntityTypeBuilder builder, string propertyName, Expression context)
    {
        var entityType = builder.Metadata;
        if (entityType.FindProperty(propertyName) is { } existing && existing.ClrType != typeof(Guid))
        {
            throw new InvalidOperationException(
                $"Entity '{entityType.DisplayName()}' has tenant id property '{propertyName}' of type {existing.ClrType.Name}; MspHub tenant ids are Guid.");
        }

        // A concurrency token puts the original tenant id into every UPDATE and DELETE, so a row
        // attached with another tenant's key matches nothing instead of being overwritten.
        MspHubEntityTypeBuilderExtensions.TenantIdProperty(builder, propertyName).IsRequired().IsConcurrencyToken();
        entityType.SetAnnotation(TenantAnnotations.TenantId, propertyName);
        var ledByTenant = entityType.GetIndexes().Select(i => i.Properties).Concat(entityType.GetKeys().Select(k => k.Properties))
            .Any(properties => properties[0].Name == propertyName);
        if (!ledByTenant)
        {
            builder.HasIndex(propertyName);
        }

        var entity = Expression.Parameter(entityType.ClrType, "e");
        var filter = Expression.Lambda(
            Expression.Equal(
                Expression.Call(typeof(EF), nameof(EF.Property), [typeof(Guid)], entity, Expression.Constant(propertyName)),
                Expression.Call(typeof(TenantFilter), nameof(TenantFilter.CurrentTenantId), null, context, Expression.Constant(entityType.DisplayName()))),
            entity);
        builder.HasQueryFilter(MspHubQueryFilters.Tenant, filter);
    }

    private static void MapAccess(ModelBuilder modelBuilder, string? schema)
    {
        modelBuilder.Entity<HubUser>(user =>
        {
            user.ToTable("users", schema);
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
            user.Property(u => u.UserName).HasColumnName("user_name").HasMaxLength(HubUser.MaxUserNameLength);
            user.Property<string>(AccessColumns.NormalizedUserName).HasColumnName("normalized_user_name").HasMaxLength(HubUser.MaxUserNameLength)
                .HasValueGenerator<NormalizedNameGenerator>();
            user.HasIndex(AccessColumns.NormalizedUserName).IsUnique();
            user.Property(u => u.SystemRole).HasColumnName("system_role").HasConversion<string>().HasMaxLength(16);
            user.HasIndex(u => u.SystemRole);
            user.Property(u => u.IsActive).HasColumnName("is_active");
            user.Property(u => u.AccessVersion).HasColumnName("access_version");
        });
        modelBuilder.Entity<Membership>(membership =>
        {
            MapUserInTenant(membership, "memberships", schema);
            membership.Property(m => m.Roles).HasColumnName("roles");
            membership.Property(m => m.IsShadow).HasColumnName("is_shadow");
            membership.Property(m => m.IsPrimary).HasColumnName("is_primary");
            membership.Property(m => m.IncludesDescendants).HasColumnName("includes_descendants");

            // The database, not only the store, keeps one primary tenant per user, even under concurrent saves.
            membership.HasIndex(m => m.UserId).IsUnique().HasFilter("is_primary").HasDatabaseName("ix_memberships_one_primary");
        });
        modelBuilder.Entity<TenantRole>(role =>
        {
            role.ToTable("tenant_roles", schema);
            role.Property(r => r.TenantId).HasColumnName("tenant_id");
            role.Property<string>(AccessColumns.NormalizedName).HasColumnName("normalized_name").HasMaxLength(TenantRole.MaxNameLength)
                .HasValueGenerator<NormalizedNameGenerator>();
            role.HasKey(nameof(TenantRole.TenantId), AccessColumns.NormalizedName);
            role.Property(r => r.Name).HasColumnName("name").HasMaxLength(TenantRole.MaxNameLength);
            role.Property(r => r.Permissions).HasColumnName("permissions");
            role.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TechnicianGrant>(grant =>
        {
            MapUserInTenant(grant, "technician_grants", schema);
            grant.Property(g => g.Permissions).HasColumnName("permissions");
            grant.Property(g => g.IncludesDescendants).HasColumnName("includes_descendants");
        });
    }

    // No foreign key to users: an invitation may name an id no user has (so inviting tells nothing about ids).
    private static void MapInvitations(EntityTypeBuilder<TenantInvitation> invitation, string? schema, bool sqlite)
    {
        invitation.ToTable("tenant_invitations", schema);
        invitation.HasKey(i => i.Id);
        invitation.Property(i => i.Id).HasColumnName("id").ValueGeneratedNever();
        invitation.Property(i => i.TenantId).HasColumnName("tenant_id");
        invitation.HasIndex(i => i.TenantId);
        invitation.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Cascade);
        invitation.Property(i => i.InvitedUserId).HasColumnName("invited_user_id");
        invitation.HasIndex(i => i.InvitedUserId);
        invitation.Property(i => i.Roles).HasColumnName("roles");
        invitation.Property(i => i.InvitedBy).HasColumnName("invited_by");
        OrderableTime(invitation.Property(i => i.CreatedAt).HasColumnName("created_at"), sqlite);
        OrderableTime(invitation.Property(i => i.ExpiresAt).HasColumnName("expires_at"), sqlite);
        invitation.Property(i => i.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        var closedAt = invitation.Property(i => i.ClosedAt).HasColumnName("closed_at");
        if (sqlite)
        {
            closedAt.HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }

    private static void MapQuotas(ModelBuilder modelBuilder, string? schema) =>
        modelBuilder.Entity<QuotaCounterRow>(row =>
        {
            row.ToTable("quota_counters", schema);
            row.HasKey(r => new { r.TenantId, r.Quota });
            row.Property(r => r.TenantId).HasColumnName("tenant_id");
            row.Property(r => r.Quota).HasColumnName("quota").HasMaxLength(64);
            row.Property(r => r.Used).HasColumnName("used");
            row.Property(r => r.LimitOverride).HasColumnName("limit_override");
            row.Property(r => r.SubtreeLimit).HasColumnName("subtree_limit");
            row.HasOne<Tenant>().WithMany().HasForeignKey(r => r.TenantId).OnDelete(DeleteBehavior.Cascade);
        });

    private static void MapActivations(EntityTypeBuilder<ActivationRecord> activation, string? schema, bool sqlite)
    {
        activation.ToTable("activations", schema);
        activation.HasKey(a => a.LicenceId);
        activation.Property(a => a.LicenceId).HasColumnName("licence_id").HasMaxLength(128);
        activation.Property(a => a.Licensee).HasColumnName("licensee").HasMaxLength(256);
        activation.Property(a => a.AdministratorId).HasColumnName("administrator_id");
        activation.Property(a => a.AdminTenancyId).HasColumnName("admin_tenancy_id");
        activation.Property(a => a.Notice).HasColumnName("notice").HasMaxLength(2000);
        OrderableTime(activation.Property(a => a.ActivatedAt).HasColumnName("activated_at"), sqlite);
    }

    private static void MapApiKeys(EntityTypeBuilder<ApiKey> key, string? schema, bool sqlite)
    {
        key.ToTable("api_keys", schema);
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).HasColumnName("id").ValueGeneratedNever();
        key.Property(k => k.TenantId).HasColumnName("tenant_id");
        key.HasIndex(k => k.TenantId);
        key.HasOne<Tenant>().WithMany().HasForeignKey(k => k.TenantId).OnDelete(DeleteBehavior.Cascade);
        key.Property(k => k.Name).HasColumnName("name").HasMaxLength(200);
        key.Property(k => k.Prefix).HasColumnName("prefix").HasMaxLength(32);
        key.HasIndex(k => k.Prefix).IsUnique();
        key.Property(k => k.SecretHash).HasColumnName("secret_hash");
        key.PrimitiveCollection(k => k.Permissions).HasColumnName("permissions");
        key.Property(k => k.CreatedBy).HasColumnName("created_by");
        OrderableTime(key.Property(k => k.CreatedAt).HasColumnName("created_at"), sqlite);
        OrderableTime(key.Property(k => k.ExpiresAt).HasColumnName("expires_at"), sqlite);
        var revokedAt = key.Property(k => k.RevokedAt).HasColumnName("revoked_at");
        if (sqlite)
        {
            revokedAt.HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }

    // No foreign key to tenants: a chain outlives its tenant until it is archived. The key is the chain order; the
    // other indexes serve the filters a reader pages with, newest first.
    private static void MapAudit(ModelBuilder modelBuilder, string? schema, bool sqlite)
    {
        modelBuilder.Entity<AuditRecordRow>(record =>
        {
            record.ToTable("audit_records", schema);
            record.HasKey(r => new { r.ChainId, r.Sequence });
            record.Property(r => r.ChainId).HasColumnName("chain_id");
            record.Property(r => r.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            AuditTime(record.Property(r => r.OccurredAt).HasColumnName("occurred_at"), sqlite);

            record.Property(r => r.ActorKind).HasColumnName("actor_kind").HasMaxLength(16);
            record.Property(r => r.ActorId).HasColumnName("actor_id");
            record.Property(r => r.Action).HasColumnName("action").HasMaxLength(AuditEntry.MaxActionLength);
            record.Property(r => r.TargetType).HasColumnName("target_type").HasMaxLength(AuditEntry.MaxTextLength);
            record.Property(r => r.TargetId).HasColumnName("target_id").HasMaxLength(AuditEntry.MaxTextLength);
            record.Property(r => r.Outcome).HasColumnName("outcome").HasMaxLength(16);
            record.Property(r => r.Reason).HasColumnName("reason").HasMaxLength(AuditEntry.MaxTextLength);
            record.Property(r => r.CorrelationId).HasColumnName("correlation_id").HasMaxLength(AuditEntry.MaxTextLength);
            record.Property(r => r.TraceId).HasColumnName("trace_id").HasMaxLength(32);
            record.Property(r => r.Detail).HasColumnName("detail");
            record.Property(r => r.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64);
            record.Property(r => r.Hash).HasColumnName("hash").HasMaxLength(64);
            record.HasIndex(r => new { r.ChainId, r.OccurredAt });
            record.HasIndex(r => new { r.ChainId, r.Action, r.Sequence });
            record.HasIndex(r => new { r.ChainId, r.ActorId, r.Sequence });
            record.HasIndex(r => new { r.ChainId, r.TargetType, r.TargetId, r.Sequence });
        });
        modelBuilder.Entity<AuditChainHeadRow>(head =>
        {
            head.ToTable("audit_chain_heads", schema);
            head.HasKey(h => h.ChainId);
            head.Property(h => h.ChainId).HasColumnName("chain_id").ValueGeneratedNever();
            head.Property(h => h.Sequence).HasColumnName("sequence");
            head.Property(h => h.Hash).HasColumnName("hash").HasMaxLength(64);
        });
        modelBuilder.Entity<AuditCheckpointRow>(checkpoint =>
        {
            checkpoint.ToTable("audit_checkpoints", schema);
            checkpoint.HasKey(c => new { c.ChainId, c.Number });
            checkpoint.Property(c => c.ChainId).HasColumnName("chain_id");
            checkpoint.Property(c => c.Number).HasColumnName("number").ValueGeneratedNever();
            checkpoint.Property(c => c.FromSequence).HasColumnName("from_sequence");
            checkpoint.Property(c => c.ToSequence).HasColumnName("to_sequence");
            checkpoint.Property(c => c.HeadHash).HasColumnName("head_hash").HasMaxLength(64);
            AuditTime(checkpoint.Property(c => c.SignedAt).HasColumnName("signed_at"), sqlite);
            checkpoint.Property(c => c.KeyId).HasColumnName("key_id").HasMaxLength(AuditCheckpointOptions.MaxKeyIdLength);
            checkpoint.Property(c => c.PreviousSignature).HasColumnName("previous_signature").HasMaxLength(128);
            checkpoint.Property(c => c.Signature).HasColumnName("signature").HasMaxLength(128);
            checkpoint.HasIndex(c => new { c.ChainId, c.ToSequence });
        });
    }

    // On SQLite, whole microseconds since the Unix epoch: the precision audit times are hashed and signed at, and orderable.
    private static void AuditTime(PropertyBuilder<DateTimeOffset> time, bool sqlite)
    {
        if (sqlite)
        {
            time.HasConversion(new ValueConverter<DateTimeOffset, long>(
                v => (v.UtcTicks - DateTime.UnixEpoch.Ticks) / 10,
                v => new DateTimeOffset(DateTime.UnixEpoch.Ticks + (v * 10), TimeSpan.Zero)));
        }
    }

    private static void MapExternalLinks(EntityTypeBuilder<ExternalLinkRow> link, string? schema)
    {
        link.ToTable("external_links", schema);
        link.HasKey(l => new { l.System, l.Kind, l.ExternalId });
        link.Property(l => l.System).HasColumnName("system").HasMaxLength(64);
        link.Property(l => l.Kind).HasColumnName("kind").HasMaxLength(16);
        link.Property(l => l.ExternalId).HasColumnName("external_id").HasMaxLength(200);
        link.Property(l => l.LocalId).HasColumnName("local_id");
        link.HasIndex(l => l.LocalId);
    }

    private static void MapSettings(EntityTypeBuilder<SettingRow> setting, string? schema)
    {
        setting.ToTable("tenant_settings", schema);
        setting.HasKey(s => new { s.TenantId, s.Key });
        setting.Property(s => s.TenantId).HasColumnName("tenant_id");
        setting.Property(s => s.Key).HasColumnName("key").HasMaxLength(TenantSetting.MaxKeyLength);
        setting.Property(s => s.Value).HasColumnName("value").HasMaxLength(TenantSetting.MaxValueLength);
        setting.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
    }

    private static void MapBranding(ModelBuilder modelBuilder, string? schema)
    {
        modelBuilder.Entity<BrandingRow>(branding =>
        {
            branding.ToTable("branding", schema);
            branding.HasKey(b => b.ScopeId);
            branding.Property(b => b.ScopeId).HasColumnName("scope_id").ValueGeneratedNever();
            branding.Property(b => b.LogoSha256).HasColumnName("logo_sha256").HasMaxLength(64);
            branding.Property(b => b.PrimaryColor).HasColumnName("primary_color").HasMaxLength(7);
            branding.Property(b => b.SecondaryColor).HasColumnName("secondary_color").HasMaxLength(7);
            branding.Property(b => b.Title).HasColumnName("title").HasMaxLength(BrandingRules.MaxTitleLength);
        });
        modelBuilder.Entity<BrandingLogo>(logo =>
        {
            logo.ToTable("logos", schema);
            logo.HasKey(l => l.Sha256);
            logo.Property(l => l.Sha256).HasColumnName("sha256").HasMaxLength(64);
            logo.Property(l => l.ContentType).HasColumnName("content_type").HasMaxLength(32);
            logo.Property(l => l.Content).HasColumnName("content");
        });
    }

    // SQLite has no date type EF Core can order by; a binary DateTimeOffset sorts correctly as an integer.
    internal static void OrderableTime(PropertyBuilder<DateTimeOffset> property, bool sqlite)
    {
        if (sqlite)
        {
            property.HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }

    /// <summary>An optional time, orderable on SQLite like <see cref="OrderableTime(PropertyBuilder{DateTimeOffset}, bool)"/>.</summary>
    internal static void OrderableTime(PropertyBuilder<DateTimeOffset?> property, bool sqlite)
    {
        if (sqlite)
        {
            property.HasConversion(new DateTimeOffsetToBinaryConverter());
        }
    }

    // Memberships and grants are both rows of one user in one tenant, removed with either.
    internal static void MapUserInTenant<T>(EntityTypeBuilder<T> row, string table, string? schema)
        where T : class
    {
        const string user = nameof(Membership.UserId), tenant = nameof(Membership.TenantId);
        row.ToTable(table, schema);
        row.HasKey(user, tenant);
        row.Property<Guid>(user).HasColumnName("user_id");
        row.Property<Guid>(tenant).HasColumnName("tenant_id");
        row.HasIndex(tenant);
        row.HasOne<HubUser>().WithMany().HasForeignKey(user).OnDelete(DeleteBehavior.Cascade);
        row.HasOne<Tenant>().WithMany().HasForeignKey(tenant).OnDelete(DeleteBehavior.Cascade);
    }

    private static void MapTenants(EntityTypeBuilder<Tenant> tenant, string? schema, bool sqlite)
    {
        tenant.ToTable("tenants", schema);
        tenant.HasKey(t => t.Id);
        tenant.Property(t => t.Id).HasColumnName("id").ValueGeneratedNever();
        tenant.Property(t => t.Slug).HasColumnName("slug").HasMaxLength(TenantSlug.MaxLength).IsRequired();
        tenant.HasIndex(t => t.Slug).IsUnique();
        tenant.Property(t => t.Name).HasColumnName("name").HasMaxLength(Tenant.MaxNameLength).IsRequired();
        tenant.HasIndex(t => t.Name);
        tenant.Property(t => t.ParentId).HasColumnName("parent_id");
        tenant.HasOne<Tenant>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
        tenant.Property(t => t.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        OrderableTime(tenant.Property(t => t.CreatedAt).HasColumnName("created_at"), sqlite);

        tenant.HasIndex(t => t.CreatedAt);
        tenant.Property(t => t.IsAdminTenancy).HasColumnName("is_admin_tenancy");
        tenant.PrimitiveCollection(t => t.DisabledFeatures).HasColumnName("disabled_features");
        tenant.PrimitiveCollection(t => t.EnabledFeatures).HasColumnName("enabled_features");
        tenant.Property<long>(StoreDatabase.TenantVersion).HasColumnName("version").IsConcurrencyToken();
    }
}
