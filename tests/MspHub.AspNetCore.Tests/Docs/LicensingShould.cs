using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.EntityFramework;
using MspHub.Licensing;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The licensed host of docs/licensing.md and its tenant limit, built exactly as the page shows them (the marked regions), on SQLite.</summary>
public sealed class LicensingShould : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("msphub-docs-licensing-").FullName;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var licencePath = Path.Combine(_folder, "hub.licence");
        await File.WriteAllTextAsync(licencePath, LicenceIssuer.Issue(TestLicences.Licence(maxTenants: 1), TestLicences.Vendor.PrivateKeyPem));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MspHub:Licence:PublicKeyPem"] = TestLicences.Vendor.PublicKeyPem,
            ["MspHub:Licence:LicencePath"] = licencePath,
        });
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "hub.db")};Pooling=false"));

        // docs: licensing.md#checking-the-licence-hosts
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>()
            .AddLicensing(o => builder.Configuration.GetSection("MspHub:Licence").Bind(o)));   // LicensingOptions
        // end docs

        _host = builder.Build();
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<HubDb>().Database.EnsureCreatedAsync();
        }

        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Read_the_licence_from_the_configured_file()
    {
        var licensing = _host.Services.GetRequiredService<ILicensing>();

        Assert.True(licensing.IsLicensed);
        Assert.Equal(1, licensing.MaxTenants);
        Assert.True(licensing.HasFeature("vault"));
    }

    [Fact]
    public async Task Refuse_a_tenant_over_the_licence_limit()
    {
        var first = await AddAcmeAsync();

        var refused = await Assert.ThrowsAsync<TenantLimitExceededException>(AddAcmeAsync);

        Assert.Equal(("0 / 1", 1), (first.ToString(), first.Remaining));
        Assert.Equal("Tenant limit reached: 1 of 1 tenants in use; delete a tenant or install a licence that allows more.", refused.Message);
    }

    [Fact]
    public async Task Activate_the_licence_once_and_make_the_administrator_an_msp_admin()
    {
        var cancellationToken = CancellationToken.None;
        var administrator = HubUser.Create("admin");
        await using var scope = _host.Services.CreateAsyncScope();
        var activation = scope.ServiceProvider.GetRequiredService<ILicenceActivation>();

        // docs: licensing.md#activation
        var outcome = await activation.ActivateAsync(administrator.Id, administrator.UserName, cancellationToken);
        // outcome.Kind: Activated, Renewed or AlreadyActive
        // outcome.RowsAssigned: untenanted rows moved into the admin tenancy, per table
        var notice = await activation.GetActivationAsync(cancellationToken);  // show notice.Notice to administrators
        // end docs

        var again = await activation.ActivateAsync(administrator.Id, administrator.UserName, cancellationToken);
        var adminTenancy = await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(outcome.Activation.AdminTenancyId, cancellationToken);
        Assert.Equal((ActivationKind.Activated, ActivationKind.AlreadyActive), (outcome.Kind, again.Kind));
        Assert.Equal(("default", true), (adminTenancy!.Slug, adminTenancy.IsAdminTenancy));
        Assert.Equal(outcome.Activation.Notice, notice!.Notice);
        Assert.Equal(SystemRole.MspAdmin, (await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindUserAsync(administrator.Id, cancellationToken))!.SystemRole);
    }

    private async Task<TenantCount> AddAcmeAsync()
    {
        var cancellationToken = CancellationToken.None;
        await using var scope = _host.Services.CreateAsyncScope();
        var tenants = scope.ServiceProvider.GetRequiredService<ITenantStore>();

        // docs: licensing.md#tenant-limit
        var count = await tenants.CountAsync(cancellationToken);  // count.ToString() is "12 / 50"; count.Remaining is 38
        await tenants.AddAsync(Tenant.Create("acme", "Acme"), cancellationToken);
        // at the limit: TenantLimitExceededException
        // "Tenant limit reached: 50 of 50 tenants in use; delete a tenant or install a licence that allows more."
        // end docs

        return count;
    }

    /// <summary>The docs' <c>HubDb</c>: the host's own context, with MspHub's tables.</summary>
    public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyMspHub(this);
    }
}
