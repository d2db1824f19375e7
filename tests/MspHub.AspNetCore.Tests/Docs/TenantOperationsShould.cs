using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The tenant lifecycle and inherited settings of docs/tenant-operations.md, run exactly as the page shows them (the marked regions), on SQLite.</summary>
public sealed class TenantOperationsShould : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"msphub-docs-operations-{Guid.NewGuid():N}.db");
    private readonly RecordingAuditHook _audit = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IAuditHook>(_audit);
        services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={_file};Pooling=false"));
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<HubDb>());
        _services = services.BuildServiceProvider(validateScopes: true);
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task Create_change_suspend_reactivate_and_delete_a_client()
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = _services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ITenantLifecycle>();
        var msp = await lifecycle.CreateAsync("northwind", "Northwind IT", cancellationToken: cancellationToken);

        // docs: tenant-operations.md#tenant-operations
        var acme = await lifecycle.CreateAsync("acme", "Acme Ltd", parentId: msp.Id, cancellationToken);
        await lifecycle.UpdateAsync(acme.Id, "acme-corp", "Acme Corporation", cancellationToken);
        await lifecycle.SuspendAsync(acme.Id, cancellationToken);     // its requests get 403 "Tenant suspended"; data stays
        await lifecycle.ReactivateAsync(acme.Id, cancellationToken);
        var report = await lifecycle.DeleteAsync(acme.Id, confirmSlug: "acme-corp", cancellationToken);
        // end docs

        Assert.Equal(msp.Id, acme.ParentId);
        Assert.Equal((acme.Id, "acme-corp"), (report.TenantId, report.Slug));
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(acme.Id, cancellationToken));
        Assert.Equal(
            [AuditActions.TenantCreated, AuditActions.TenantChanged, AuditActions.TenantChanged, AuditActions.TenantChanged, AuditActions.TenantDeleted, AuditActions.TenantDeletionCertified],
            _audit.Records.Where(e => e.TargetId == acme.Id.ToString() && e.Action.StartsWith("msphub.tenant.", StringComparison.Ordinal)).Select(e => e.Action));
    }

    [Fact]
    public async Task Inherit_a_setting_down_the_tree_until_a_branch_sets_its_own()
    {
        await using var scope = _services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ITenantLifecycle>();
        var settings = scope.ServiceProvider.GetRequiredService<ITenantSettings>();
        var client = await lifecycle.CreateAsync("contoso", "Contoso");
        var branch = await lifecycle.CreateAsync("contoso-east", "Contoso East", client.Id);

        // docs: tenant-operations.md#hierarchy
        await settings.SetAsync(client.Id, "alerts.cpu", "80");     // the client and every branch under it
        await settings.SetAsync(branch.Id, "alerts.cpu", "95");     // this branch only
        var cpu = await settings.GetAsync(branch.Id, "alerts.cpu"); // TenantSetting("alerts.cpu", "95", SourceTenantId: branch.Id)
        await settings.SetAsync(branch.Id, "alerts.cpu", null);     // inherit the client's 80 again
        // end docs

        Assert.Equal(new TenantSetting("alerts.cpu", "95", SourceTenantId: branch.Id), cpu);
        Assert.Equal(new TenantSetting("alerts.cpu", "80", SourceTenantId: client.Id), await settings.GetAsync(branch.Id, "alerts.cpu"));
    }

    [Fact]
    public async Task Change_the_stored_tenant_not_a_copy()
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = _services.CreateAsyncScope();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        var acme = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("acme", "Acme", cancellationToken: cancellationToken);
        await tenants.UpdateAsync(acme.Id, t => t with { DisabledFeatures = ["vault"] }, cancellationToken);

        // docs: tenant-operations.md#changes
        await tenants.UpdateAsync(acme.Id, t => t with { DisabledFeatures = [.. t.DisabledFeatures, "reports"] }, cancellationToken);
        // end docs

        Assert.Equal(["reports", "vault"], (await tenants.FindByIdAsync(acme.Id, cancellationToken))!.DisabledFeatures.Order());
    }

    [Fact]
    public async Task Page_the_tenants_a_user_may_see()
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = _services.CreateAsyncScope();
        var user = HubUser.Create("mia", SystemRole.MspAdmin);
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(user, cancellationToken);
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        for (var i = 1; i <= 60; i++)
        {
            await tenants.AddAsync(Tenant.Create($"acme-{i}", $"Acme {i}"), cancellationToken);
        }

        await tenants.AddAsync(Tenant.Create("globex", "Globex"), cancellationToken);
        var directory = scope.ServiceProvider.GetRequiredService<ITenantDirectory>();

        // docs: tenant-operations.md#the-admin-tenant-list
        var page = await directory.ListForAsync(user.Id, new TenantQuery
        {
            Search = "acme",
            SortBy = TenantSortField.Usage, UsageQuota = "automs", Descending = true,   // heaviest users of automs first
            Page = 2, PageSize = 50,
        }, cancellationToken);
        // page.Items, page.TotalCount, page.TotalPages
        // end docs

        Assert.Equal((10, 60, 2), (page.Items.Count, page.TotalCount, page.TotalPages));
        Assert.All(page.Items, t => Assert.StartsWith("acme-", t.Slug, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_a_batch_once_and_change_nothing_the_second_time()
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = _services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<ITenantImport>();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();

        // docs: tenant-operations.md#import-and-sync-from-external-systems
        var batch = new ImportBatch("psa",
            [new ImportedTenant("C-100", "contoso", "Contoso"), new ImportedTenant("C-200", "contoso-east", "Contoso East", ParentExternalId: "C-100")],
            [new ImportedUser("U-1", "alice@contoso", ["C-100", "C-200"])]);
        var preview = await import.ImportAsync(batch, dryRun: true, cancellationToken);   // what would change; nothing kept
        var report = await import.ImportAsync(batch, cancellationToken: cancellationToken);
        // report.Changes: ("tenant", "C-100", localId, Created), ("membership", "U-1@C-200", ..., Created), ...
        // end docs

        var again = await import.ImportAsync(batch, cancellationToken: cancellationToken);
        Assert.True(preview.DryRun);
        Assert.Equal((2, 2), (preview.Count("tenant", ImportOutcome.Created), report.Count("tenant", ImportOutcome.Created)));
        Assert.Contains(report.Changes, c => c is { Kind: "membership", ExternalId: "U-1@C-200", Outcome: ImportOutcome.Created });
        Assert.All(again.Changes, c => Assert.Equal(ImportOutcome.Unchanged, c.Outcome));
        var contoso = await tenants.FindBySlugAsync("contoso", cancellationToken);
        Assert.Equal(contoso!.Id, (await tenants.FindBySlugAsync("contoso-east", cancellationToken))!.ParentId);
    }

    [Fact]
    public async Task Merge_a_client_and_map_its_roles()
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = _services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ITenantLifecycle>();
        var tenantSide = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        var transfer = scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();
        var oldClient = await lifecycle.CreateAsync("old-client", "Old Client", cancellationToken: cancellationToken);
        var client = await lifecycle.CreateAsync("client", "Client", cancellationToken: cancellationToken);
        var helper = HubUser.Create("helper");
        await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().AddUserAsync(helper, cancellationToken);
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = oldClient.Id, Name = "Helpdesk" }, cancellationToken);
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = client.Id, Name = "Agent" }, cancellationToken);
        await tenantSide.SetMemberAsync(oldClient.Id, helper.Id, ["Helpdesk"], cancellationToken);

        // docs: tenant-operations.md#merging-tenants
        await transfer.MergeAsync(oldClient.Id, client.Id, confirmSourceSlug: "old-client",
            new TenantMergeOptions { RoleMap = new Dictionary<string, string> { ["Helpdesk"] = "Agent" } }, cancellationToken);
        // end docs

        var membership = await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindMembershipAsync(helper.Id, client.Id, cancellationToken);
        Assert.Equal(["Agent"], membership!.Roles);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(oldClient.Id, cancellationToken));
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
