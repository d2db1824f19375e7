using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Modeling;

/// <summary>What ApplyMspHub puts into a model, and the configuration mistakes it refuses.</summary>
public sealed class ApplyMspHubShould : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly ServiceProvider _services = new ServiceCollection().AddMspHub(hub => hub.AddInMemoryTenantStore()).Services.BuildServiceProvider();

    public void Dispose()
    {
        _connection.Dispose();
        _services.Dispose();
    }

    private DbContextOptions<TContext> Options<TContext>(bool withMspHub = true)
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>().UseSqlite(_connection);
        if (withMspHub)
        {
            builder.UseMspHub(_services);
        }

        return builder.Options;
    }

    [Fact]
    public void Give_tenant_owned_entities_a_named_filter_an_index_and_a_concurrency_checked_tenant_id()
    {
        using var db = new HubTestDb(Options<HubTestDb>());
        var step = db.Model.FindEntityType(typeof(AutomStep))!;
        var secret = db.Model.FindEntityType(typeof(VaultSecret))!;
        var autom = db.Model.FindEntityType(typeof(Autom))!;

        Assert.True(step.FindProperty("TenantId")!.IsShadowProperty());
        Assert.True(step.FindProperty("TenantId")!.IsConcurrencyToken);
        Assert.Contains(step.GetIndexes(), i => i.Properties[0].Name == "TenantId");
        Assert.NotNull(secret.FindDeclaredQueryFilter(MspHubQueryFilters.Tenant));
        Assert.NotNull(autom.FindDeclaredQueryFilter(HubTestDb.SoftDelete));
        Assert.Contains(secret.GetIndexes(), i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(["OrganizationId", "Key"]));
        Assert.Null(db.Model.FindEntityType(typeof(Category))!.FindDeclaredQueryFilter(MspHubQueryFilters.Tenant));
        Assert.Equal("tenants", db.Model.FindEntityType(typeof(Tenant))!.GetTableName());
    }

    [Fact]
    public void Refuse_a_required_relationship_from_an_unowned_entity_to_a_tenant_owned_one()
    {
        using var db = new UnownedDependentDb(Options<UnownedDependentDb>());

        var error = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains("'AuditNote' → 'Autom'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Make the dependent tenant-owned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuse_a_tenant_id_that_is_not_a_guid()
    {
        using var db = new StringTenantDb(Options<StringTenantDb>());

        var error = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains("tenant id property 'TenantId' of type String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuse_a_model_built_without_MspHub_options()
    {
        using var db = new HubTestDb(Options<HubTestDb>(withMspHub: false));

        var error = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains("UseMspHub", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_the_first_use_when_ApplyMspHub_was_forgotten()
    {
        await using var db = new ForgetfulDb(Options<ForgetfulDb>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await db.Database.EnsureCreatedAsync();
            await db.Set<Autom>().ToListAsync();
        });

        Assert.Contains("modelBuilder.ApplyMspHub(this)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_the_first_use_when_an_entity_is_marked_tenant_owned_after_ApplyMspHub()
    {
        await using var db = new LateMarkDb(Options<LateMarkDb>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await db.Database.EnsureCreatedAsync();
            await db.Set<Category>().ToListAsync();
        });

        Assert.Contains("did not configure: Category", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Count_a_tenant_led_alternate_key_as_the_tenant_index_and_leave_MspHub_tables_out_on_request()
    {
        using var db = new AlternateKeyDb(Options<AlternateKeyDb>());
        var secret = db.Model.FindEntityType(typeof(VaultSecret))!;

        Assert.Contains(secret.GetKeys(), k => k.Properties.Select(p => p.Name).SequenceEqual(["OrganizationId", "Key"]));
        Assert.DoesNotContain(secret.GetIndexes(), i => i.Properties.Count == 1 && i.Properties[0].Name == "OrganizationId");
        Assert.Null(db.Model.FindEntityType(typeof(Tenant)));
    }

    [Fact]
    public void Refuse_tenant_composite_keys_on_an_entity_not_yet_marked_tenant_owned()
    {
        using var db = new UnmarkedKeyDb(Options<UnmarkedKeyDb>());

        var error = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains("'VaultSecret' is not tenant-owned yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Put_the_tenant_id_into_foreign_keys_between_tenant_owned_entities_and_their_owned_types()
    {
        using var db = new HubTestDb(Options<HubTestDb>());
        var steps = db.Model.FindEntityType(typeof(AutomStep))!.GetForeignKeys().Single(fk => fk.PrincipalEntityType.ClrType == typeof(Autom));
        var contacts = db.Model.FindEntityType(typeof(SiteContact))!.FindOwnership()!;
        var address = db.Model.FindEntityType(typeof(SiteAddress))!;

        Assert.Equal(["TenantId", "AutomId"], steps.Properties.Select(p => p.Name));
        Assert.Equal(["TenantId", "Id"], steps.PrincipalKey.Properties.Select(p => p.Name));
        Assert.Equal(["TenantId", "SiteId"], contacts.Properties.Select(p => p.Name));
        Assert.Equal("TenantId", address.FindProperty("TenantId")!.GetColumnName());
        Assert.True(address.FindProperty("TenantId")!.IsConcurrencyToken);
    }

    [Fact]
    public void Report_keys_of_tenant_owned_tables_that_lack_the_tenant_id()
    {
        using var db = new PlainKeysDb(Options<PlainKeysDb>());

        var findings = TenantKeyReport.For(db.Model);

        Assert.Contains(findings, f => f.Table == "automs" && f.Kind == TenantKeyKind.PrimaryKey && f.Columns.SequenceEqual(["Id"]));
        Assert.Contains(findings, f => f.Table == "autom_steps" && f.Kind == TenantKeyKind.ForeignKey && f.Columns.SequenceEqual(["AutomId"]));
        Assert.Contains(findings, f => f.Table == "automs" && f.Kind == TenantKeyKind.UniqueIndex && f.Columns.SequenceEqual(["Name"]));
        Assert.DoesNotContain(TenantKeyReport.For(new HubTestDb(Options<HubTestDb>()).Model), f => f.Kind is TenantKeyKind.ForeignKey or TenantKeyKind.UniqueIndex);
    }

    [Fact]
    public void Refuse_any_relationship_from_a_shared_entity_to_a_tenant_owned_one()
    {
        using var db = new OptionalSharedReferenceDb(Options<OptionalSharedReferenceDb>());

        var error = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains("'AuditNote' → 'Autom'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuse_set_null_deletes_table_per_type_hierarchies_and_split_tables_of_tenant_owned_entities()
    {
        using var setNull = new SetNullDb(Options<SetNullDb>());
        using var tablePerType = new TablePerTypeDb(Options<TablePerTypeDb>());
        using var split = new SplitTableDb(Options<SplitTableDb>());

        Assert.Contains("DeleteBehavior.SetNull: 'AutomStep' → 'Autom'", Assert.Throws<InvalidOperationException>(() => setNull.Model).Message, StringComparison.Ordinal);
        Assert.Contains("table-per-type: SpecialNote", Assert.Throws<InvalidOperationException>(() => tablePerType.Model).Message, StringComparison.Ordinal);
        Assert.Contains("split across tables (SplitToTable): SpecialNote", Assert.Throws<InvalidOperationException>(() => split.Model).Message, StringComparison.Ordinal);
    }

    private sealed class PlainKeysDb(DbContextOptions<PlainKeysDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Autom>(autom =>
            {
                autom.ToTable("automs");
                autom.HasIndex(a => a.Name).IsUnique();
                autom.HasMany(a => a.Steps).WithOne(s => s.Autom).HasForeignKey(s => s.AutomId).HasPlainForeignKey();
            });
            modelBuilder.Entity<AutomStep>().ToTable("autom_steps");
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private sealed class OptionalSharedReferenceDb(DbContextOptions<OptionalSharedReferenceDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<AuditNote>().HasOne(n => n.Autom).WithMany().HasForeignKey(n => n.AutomId).IsRequired(false);
            modelBuilder.Entity<Autom>().Ignore(a => a.Steps);
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private sealed class SetNullDb(DbContextOptions<SetNullDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Autom>().HasMany(a => a.Steps).WithOne(s => s.Autom).HasForeignKey(s => s.AutomId).IsRequired(false).OnDelete(DeleteBehavior.SetNull);
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private class Note : ITenantOwned
    {
        public Guid Id { get; set; }
    }

    private sealed class SpecialNote : Note
    {
        public string Text { get; set; } = "";
    }

    private sealed class TablePerTypeDb(DbContextOptions<TablePerTypeDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Note>().UseTptMappingStrategy().ToTable("notes");
            modelBuilder.Entity<SpecialNote>().ToTable("special_notes");
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    [Fact]
    public async Task Refuse_a_bulk_update_that_sets_the_tenant_id_of_a_property_bag_by_indexer_or_by_name()
    {
        using var db = new PropertyBagDb(Options<PropertyBagDb>());
        var tenant = Tenant.Create("bags", "Bags");
        using (_services.GetRequiredService<ITenancy>().BeginScope(tenant))
        {
            var tags = db.Set<Dictionary<string, object>>("tags");
            await Assert.ThrowsAsync<TenantIsolationException>(() => tags.ExecuteUpdateAsync(s => s.SetProperty(t => t["TenantId"], Guid.NewGuid())));
            await Assert.ThrowsAsync<TenantIsolationException>(() => tags.ExecuteUpdateAsync(s => s.SetProperty(t => EF.Property<Guid>(t, "TenantId"), Guid.NewGuid())));
        }
    }

    private sealed class PropertyBagDb(DbContextOptions<PropertyBagDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.SharedTypeEntity<Dictionary<string, object>>("tags", tag =>
            {
                tag.IndexerProperty<Guid>("Id");
                tag.IndexerProperty<string>("Name");
                tag.HasKey("Id");
                tag.IsTenantOwned();
            });
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private sealed class SplitTableDb(DbContextOptions<SplitTableDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<SpecialNote>().HasBaseType((Type?)null).ToTable("notes").SplitToTable("note_texts", t => t.Property(n => n.Text));
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private sealed class LateMarkDb(DbContextOptions<LateMarkDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Category>();
            modelBuilder.ApplyMspHub(this);
            modelBuilder.Entity<Category>().IsTenantOwned();
        }
    }

    private sealed class AlternateKeyDb(DbContextOptions<AlternateKeyDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<VaultSecret>().IsTenantOwned(nameof(VaultSecret.OrganizationId)).HasTenantAlternateKey(s => s.Key);
            modelBuilder.ApplyMspHub(this, mapMspHubTables: false);
        }
    }

    private sealed class UnmarkedKeyDb(DbContextOptions<UnmarkedKeyDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<VaultSecret>().HasTenantUniqueIndex(s => s.Key);
            modelBuilder.ApplyMspHub(this);
        }
    }

    private sealed class AuditNote
    {
        public Guid Id { get; set; }

        public Guid? AutomId { get; set; }

        public Autom Autom { get; set; } = null!;
    }

    private sealed class StringTenant : ITenantOwned
    {
        public Guid Id { get; set; }

        public string TenantId { get; set; } = "";
    }

    private sealed class UnownedDependentDb(DbContextOptions<UnownedDependentDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<AuditNote>().HasOne(n => n.Autom).WithMany().HasForeignKey(n => n.AutomId).IsRequired();
            modelBuilder.Entity<Autom>().Ignore(a => a.Steps);
            modelBuilder.ApplyMspHub(this);
        }
    }

    private sealed class StringTenantDb(DbContextOptions<StringTenantDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<StringTenant>();
            modelBuilder.ApplyMspHub(this);
        }
    }

    private sealed class ForgetfulDb(DbContextOptions<ForgetfulDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Autom>().Ignore(a => a.Steps);
    }
}
