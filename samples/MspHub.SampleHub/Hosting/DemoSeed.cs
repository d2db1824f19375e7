using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MspHub.Licensing;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Applies the migrations of the configured provider and, when <see cref="SampleHubSettings.SeedDemo"/> is on, fills a database holding no tenant with the demo:
/// the licence activated with "admin" as MSP admin, three tenants (one a sub-tenant) with data and branding, two technicians assigned to different tenants, and
/// Contoso's own admin (<see cref="TenantAdminSeed"/>). Everything goes through the same MspHub services and operations the pages use.
/// </summary>
public static class DemoSeed
{
    private static readonly Dictionary<string, (string? FullName, string? Email)> Contacts = new()
    {
        ["tina"] = ("Tina Brown", "tina.brown@northwind.example"),
        ["tom"] = ("Tom Clarke", "tom.clarke@northwind.example"),
    };

    /// <summary>The demo sign-ins, printed at start-up.</summary>
    public static IReadOnlyList<(string UserName, string Password, string Role)> Accounts { get; } =
    [
        ("admin", "demo-admin", "MSP admin: every tenant, the admin pages"),
        ("tina", "demo-tina", "technician: Contoso (everything), Fabrikam East (view only)"),
        ("tom", "demo-tom", "technician: Fabrikam (automs and dashboards)"),
        (TenantAdminSeed.UserName, "demo-cara", "tenant admin: Contoso only (its users, roles, invitations); not MSP staff"),
    ];

    /// <returns>Whether the database is left holding no tenant, and so nobody to sign in, because the demo is off.</returns>
    public static async Task<bool> EnsureAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<SampleDb>();
        // Migrations, not EnsureCreated, so a database made by an older build of the sample is brought up to date.
        await db.Database.MigrateAsync(cancellationToken);
        // Empty by its tenants rather than its migrations, so a database migrated while the demo was off gets it once it is on.
        if ((await provider.GetRequiredService<ITenantStore>().ListTreeAsync(cancellationToken)).Count > 0)
        {
            return false;
        }

        if (!provider.GetRequiredService<SampleHubSettings>().SeedDemo)
        {
            return true;
        }

        var adminId = Guid.CreateVersion7();
        await provider.GetRequiredService<ILicenceActivation>().ActivateAsync(adminId, "admin", cancellationToken);
        var lifecycle = provider.GetRequiredService<ITenantLifecycle>();
        var contoso = await lifecycle.CreateAsync("contoso", "Contoso Ltd", cancellationToken: cancellationToken);
        var fabrikam = await lifecycle.CreateAsync("fabrikam", "Fabrikam Inc", cancellationToken: cancellationToken);
        var east = await lifecycle.CreateAsync("fabrikam-east", "Fabrikam East", fabrikam.Id, cancellationToken);

        var msp = provider.GetRequiredService<IMspAccessManager>();
        var tina = HubUser.Create("tina", SystemRole.Technician);
        var tom = HubUser.Create("tom", SystemRole.Technician);
        await msp.AddUserAsync(tina, cancellationToken);
        await msp.AddUserAsync(tom, cancellationToken);
        await msp.GrantAsync(tina.Id, contoso.Id, HubPermissions.AllTenantLevel.Where(p => p != Perm.BrandingUpdate), cancellationToken);
        await msp.GrantAsync(tina.Id, east.Id, HubPermissions.ViewOnly, cancellationToken);
        await msp.GrantAsync(tom.Id, fabrikam.Id, [Perm.AutomsView, Perm.AutomsCreate, Perm.DashboardsView, Perm.DashboardsCreate, Perm.SummaryView], cancellationToken);

        var hasher = provider.GetRequiredService<IPasswordHasher<DemoAccount>>();
        foreach (var (id, (userName, password, _)) in new[] { adminId, tina.Id, tom.Id }.Zip(Accounts))
        {
            var (fullName, email) = Contacts.GetValueOrDefault(userName);
            var account = new DemoAccount { UserId = id, UserName = userName, PasswordHash = "", FullName = fullName, Email = email };
            account.PasswordHash = hasher.HashPassword(account, password);
            db.Accounts.Add(account);
        }

        await db.SaveChangesAsync(cancellationToken);
        await TenantAdminSeed.AddAsync(provider, contoso, cancellationToken);

        var branding = provider.GetRequiredService<IBrandingService>();
        await branding.SetAsync(null, "#1f4e79", "#e8eef5", "Northwind MSP Hub", cancellationToken);
        await branding.SetAsync(contoso.Id, "#0f766e", "#e6f4f1", "Contoso IT Portal", cancellationToken);
        await branding.SetAsync(fabrikam.Id, "#9a3412", "#fdf0e8", "Fabrikam Service Desk", cancellationToken);
        await provider.GetRequiredService<ITenantFeatures>().SetAsync(east.Id, HubNames.AiAgentsFeature, enabled: false, cancellationToken);

        var tenancy = provider.GetRequiredService<ITenancy>();
        await SeedTenantAsync(provider, tenancy, contoso, ["Patch Windows servers", "Rotate backup tapes"], "Helpdesk triage", "Service health", null, cancellationToken);
        await SeedTenantAsync(provider, tenancy, fabrikam, ["Renew TLS certificates"], "Invoice reader", "Network overview", 80, cancellationToken);
        await SeedTenantAsync(provider, tenancy, east, ["Clean temp folders"], null, "Branch status", null, cancellationToken);
        await VaultSeed.EnsureAsync(provider, adminId, tina.Id, contoso, fabrikam, cancellationToken);
        return false;
    }

    private static async Task SeedTenantAsync(
        IServiceProvider provider, ITenancy tenancy, Tenant tenant, string[] automs, string? agent, string dashboard, double? threshold, CancellationToken cancellationToken)
    {
        using var scope = tenancy.BeginScope(tenant);
        var automOperations = provider.GetRequiredService<AutomOperations>();
        foreach (var autom in automs)
        {
            await automOperations.CreateAsync(autom, "daily", cancellationToken);
        }

        if (agent is not null)
        {
            await provider.GetRequiredService<AgentOperations>().CreateAsync(agent, "Answers first-line tickets", cancellationToken);
        }

        await provider.GetRequiredService<DashboardOperations>().CreateAsync(dashboard, "uptime, tickets, backups", cancellationToken);
        var alerts = provider.GetRequiredService<AlertOperations>();
        if (threshold is { } value)
        {
            await alerts.SetThresholdAsync(value, cancellationToken);
        }

        await alerts.CreateAsync("High CPU", "cpu", null, cancellationToken);
    }
}
