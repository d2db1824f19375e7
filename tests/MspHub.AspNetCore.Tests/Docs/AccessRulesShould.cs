using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>Declaring permissions, default roles and checking them, as docs/access-control.md shows it (the marked regions), with the in-memory stores.</summary>
public sealed class AccessRulesShould
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");

    [Fact]
    public async Task Check_declared_permissions_and_keep_sensitive_ones_from_technicians()
    {
        var cancellationToken = CancellationToken.None;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore(Acme).AddInMemoryAccessStore());

        // docs: access-control.md#declaring-permissions
        builder.Services.AddMspHub(hub => hub
            .AddPermissions(p => p
                .Resource("automs").Actions(PermissionActions.All)          // view, create, update, delete
                .Resource("vault").Actions(PermissionActions.View, PermissionActions.Update)
                .Resource("api-keys").Action("generate", sensitive: true)   // never held by technicians
                .Resource("tenants", mspLevel: true).Actions(PermissionActions.All)));  // never in a tenant role
        // end docs
        builder.Services.AddMspHub(hub =>
        {
            // docs: access-control.md#users-memberships-roles-and-grants default roles
            hub.AddDefaultTenantRole("Admin", "automs.view", "automs.create", "automs.update", "automs.delete")
               .AddDefaultTenantRole("Customer", "automs.view");
            // or in configuration: "MspHub": { "DefaultTenantRoles": { "Customer": [ "automs.view" ] } }
            // end docs
        });

        using var app = builder.Build();
        await app.StartAsync(cancellationToken);
        // docs: access-control.md#declaring-permissions catalog
        var catalog = app.Services.GetRequiredService<PermissionCatalog>();
        var createAutoms = catalog.Id("automs.create");            // or catalog.Id(new Permission("automs", "create"))
        // end docs
        var evaluator = app.Services.GetRequiredService<IPermissionEvaluator>();
        await using var scope = app.Services.CreateAsyncScope();
        var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        var technician = HubUser.Create("tom", SystemRole.Technician);
        var customer = HubUser.Create("carol");
        await msp.AddUserAsync(technician, cancellationToken);
        await msp.AddUserAsync(customer, cancellationToken);
        await tenantSide.SeedDefaultRolesAsync(Acme.Id, cancellationToken);
        await tenantSide.SetMemberAsync(Acme.Id, customer.Id, ["Customer"], cancellationToken);
        await msp.GrantAsync(technician.Id, Acme.Id, ["automs.create"], cancellationToken);

        async Task<IResult> CreateAutomAsync(Guid userId, Tenant tenant)
        {
            // docs: access-control.md#checking
            if (!await evaluator.HasPermissionAsync(userId, tenant.Id, createAutoms, cancellationToken))
            {
                throw new PermissionDeniedException(catalog[createAutoms], tenant.Slug);   // 403 ProblemDetails, naming the permission
            }
            // end docs

            return Results.Created();
        }

        Assert.IsType<Created>(await CreateAutomAsync(technician.Id, Acme));
        var denied = await Assert.ThrowsAsync<PermissionDeniedException>(() => CreateAutomAsync(customer.Id, Acme));
        Assert.Equal(new Permission("automs", "create"), denied.Permission);
        Assert.Equal(["Admin", "Customer"], (await tenantSide.ListRolesAsync(Acme.Id, cancellationToken)).Select(r => r.Name).Order());
        Assert.Throws<UnknownPermissionException>(() => catalog.Id("automs.archive"));
        await Assert.ThrowsAsync<AccessRuleException>(() => msp.GrantAsync(technician.Id, Acme.Id, ["api-keys.generate"], cancellationToken));
        await Assert.ThrowsAsync<AccessRuleException>(() => tenantSide.SaveRoleAsync(new TenantRole { TenantId = Acme.Id, Name = "Ops", Permissions = ["tenants.view"] }, cancellationToken));
        await app.StopAsync(cancellationToken);
    }

    [Fact]
    public async Task Keep_users_in_the_hosts_context_with_names_unique_ignoring_case()
    {
        var file = Path.Combine(Path.GetTempPath(), $"msphub-docs-access-store-{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={file};Pooling=false"));

        // docs: access-control.md#users-memberships-roles-and-grants
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>() // tenants and access in your DbContext, or:
            // .AddInMemoryTenantStore(...).AddInMemoryAccessStore()  for tests and small hosts,
            // .AddAccessStore<MyStore>()                            for your own IAccessStore
            .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All)));
        // end docs

        try
        {
            using var app = builder.Build();
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
            var msp = scope.ServiceProvider.GetRequiredService<IMspAccessManager>();
            await msp.AddUserAsync(HubUser.Create("Alice"));

            await Assert.ThrowsAsync<ConflictException>(() => msp.AddUserAsync(HubUser.Create("alice")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
