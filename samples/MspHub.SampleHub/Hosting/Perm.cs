namespace MspHub.SampleHub.Hosting;

/// <summary>The permissions the hub declares, named once so pages, the API and the seed agree.</summary>
public static class Perm
{
    /// <summary>Tenant resources, each with view, create, update and delete; technicians are granted them per tenant.</summary>
    public static readonly string[] TenantResources = ["automs", "agents", "dashboards", "alerts"];

    public const string AutomsView = "automs.view";
    public const string AutomsCreate = "automs.create";
    public const string AutomsDelete = "automs.delete";
    public const string AgentsView = "agents.view";
    public const string AgentsCreate = "agents.create";
    public const string DashboardsView = "dashboards.view";
    public const string DashboardsCreate = "dashboards.create";
    public const string AlertsView = "alerts.view";
    public const string AlertsCreate = "alerts.create";
    public const string AlertsUpdate = "alerts.update";
    public const string SummaryView = "summary.view";
    public const string BrandingUpdate = "branding.update";

    /// <summary>MspHub's default <c>MspHubOptions.ApiKeyPermission</c>, declared sensitive: MSP admins hold it, technicians can never be granted it.</summary>
    public const string ApiKeysGenerate = "api-keys.generate";

    /// <summary>Reading the tenant's audit log: MspHub's <c>MspHubOptions.AuditPermission</c>, which the hub declares so tenant admins hold it.</summary>
    public const string AuditView = "audit.view";

    /// <summary>Approving a technician's elevation (MspHub's <c>TechnicianConsent.Permission</c>), declared sensitive so no technician can hold it.</summary>
    public const string AccessConsent = TechnicianConsent.Permission;
    /// <summary>Seeing the tenant's users, roles and invitations; changing them is <see cref="UsersUpdate"/>, declared sensitive so a technician is never granted it.</summary>
    public const string UsersView = "users.view";
    public const string UsersUpdate = "users.update";

    /// <summary>MSP-level: only MSP admins hold these, in every tenant.</summary>
    public const string TenantsView = "tenants.view";
    public const string TenantsCreate = "tenants.create";
    public const string TenantsUpdate = "tenants.update";
    public const string TenantsDelete = "tenants.delete";
    public const string TechniciansView = "technicians.view";
    public const string TechniciansUpdate = "technicians.update";
    public const string LicenceView = "licence.view";
    public const string LicenceUpdate = "licence.update";
}
