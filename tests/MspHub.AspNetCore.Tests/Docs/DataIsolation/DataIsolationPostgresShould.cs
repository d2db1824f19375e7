using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.AspNetCore.Tests.Docs.DataIsolation;

/// <summary>
/// The PostgreSQL set-up of docs/data-isolation.md, done exactly as the page shows it (the marked regions): an owner
/// creates the schema and the policies, the host connects as <c>hub_app</c>, the posture is sound, and raw SQL in a
/// tenant's scope sees only that tenant's rows, MspHub's own tables included.
/// </summary>
public sealed class DataIsolationPostgresShould
{
    private const string ApplicationPassword = "hub-app";

    [PostgresFact]
    public async Task Keep_raw_sql_to_the_tenant_in_scope_on_the_documented_set_up()
    {
        var cancellationToken = CancellationToken.None;
        await using var database = await PostgresDatabase.CreateAsync(cancellationToken);
        await CreateApplicationRoleAsync(database.ConnectionString, cancellationToken);
        var ownerConnectionString = database.ConnectionString;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Hub"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = "hub_app", Password = ApplicationPassword }.ConnectionString,
        });

        // docs: data-isolation.md#register postgres
        builder.Services.AddDbContextPool<HubDb>(o => o.UseNpgsql(builder.Configuration.GetConnectionString("Hub")));
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>(o => o.PostgresRowLevelSecurity = true));
        // end docs
        using var app = builder.Build();

        // docs: data-isolation.md#postgresql-with-row-level-security
        var ownerOptions = new DbContextOptionsBuilder<HubDb>()
            .UseNpgsql(ownerConnectionString)
            .UseMspHub(app.Services)
            .Options;

        await using (var db = new HubDb(ownerOptions))
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.EnableTenantRowLevelSecurityAsync();  // ENABLE, FORCE and the policy on every tenant-owned table
            await db.Database.ExecuteSqlRawAsync("""
                GRANT USAGE ON SCHEMA public, msphub TO hub_app;
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, msphub TO hub_app;
                """);
        }
        // end docs

        await using (var db = new HubDb(ownerOptions))
        {
            try
            {
                // docs: data-isolation.md#postgresql-with-row-level-security script
                var model = db.GetService<IDesignTimeModel>().Model;   // Microsoft.EntityFrameworkCore.Infrastructure and .Metadata
                File.WriteAllText("row-level-security.sql", PostgresRowLevelSecurity.CreateScript(model));
                // end docs
                var script = await File.ReadAllTextAsync("row-level-security.sql", cancellationToken);
                Assert.Contains("memberships", script, StringComparison.Ordinal);
                await db.Database.ExecuteSqlRawAsync(script, cancellationToken);   // the same policies again: idempotent
            }
            finally
            {
                File.Delete("row-level-security.sql");
            }
        }

        await CheckPostureAsync(app);
        await KeepRawSqlInTheTenantAsync(app, cancellationToken);
    }

    private static async Task CheckPostureAsync(IHost app)
    {
        // docs: data-isolation.md#check-the-posture
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        var posture = await db.Database.CheckPostureAsync();
        if (!posture.IsSound)
        {
            throw new InvalidOperationException("Row-level security is not in force: " + string.Join(" ", posture.Problems));
        }
        // end docs

        Assert.Contains(posture.Tables, t => t.Table.Contains("memberships", StringComparison.Ordinal));
    }

    private static async Task KeepRawSqlInTheTenantAsync(IHost app, CancellationToken cancellationToken)
    {
        var tenantA = Tenant.Create("tenant-a", "Tenant A");
        var tenantB = Tenant.Create("tenant-b", "Tenant B");
        var user = HubUser.Create("both");
        await using (var seeding = app.Services.CreateAsyncScope())
        {
            var services = seeding.ServiceProvider;
            await services.GetRequiredService<ITenantStore>().AddAsync(tenantA, cancellationToken);
            await services.GetRequiredService<ITenantStore>().AddAsync(tenantB, cancellationToken);
            await services.GetRequiredService<IMspAccessManager>().AddUserAsync(user, cancellationToken);
            var tenantSide = services.GetRequiredService<ITenantAccessManager>();
            foreach (var tenant in new[] { tenantA, tenantB })
            {
                await tenantSide.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Agent", Permissions = [] }, cancellationToken);
                await tenantSide.SetMemberAsync(tenant.Id, user.Id, ["Agent"], cancellationToken);
            }
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        var tenancy = scope.ServiceProvider.GetRequiredService<ITenancy>();
        var accessStore = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        var userId = user.Id;

        // docs: data-isolation.md#msphubs-own-tables
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        using (tenancy.BeginScope(tenantA))
        {
            var tenantIds = await accessStore.ListTenantIdsAsync(userId, cancellationToken);   // every tenant the user is in
            var memberships = await db.Database
                .SqlQuery<Guid>($"SELECT tenant_id AS \"Value\" FROM msphub.memberships")
                .ToListAsync(cancellationToken);                                                 // tenant A's rows only
            // end docs
            Assert.Equal(new[] { tenantA.Id, tenantB.Id }.Order(), tenantIds.Order());
            Assert.Equal([tenantA.Id], memberships);
            // docs: data-isolation.md#msphubs-own-tables
        }
        // end docs
    }

    // Roles belong to the server: another test may have made hub_app already, without a login (the scale-out page's).
    private static async Task CreateApplicationRoleAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"""
            DO $$ BEGIN
                CREATE ROLE hub_app LOGIN PASSWORD '{ApplicationPassword}' NOSUPERUSER NOBYPASSRLS;
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$;
            ALTER ROLE hub_app LOGIN PASSWORD '{ApplicationPassword}' NOSUPERUSER NOBYPASSRLS;
            """, connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }
}
