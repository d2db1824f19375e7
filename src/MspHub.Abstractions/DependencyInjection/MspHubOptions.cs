namespace MspHub;

/// <summary>
/// Options for the MspHub core, set through <see cref="MspHubBuilder.Configure"/> or bound from
/// configuration (<c>services.Configure&lt;MspHubOptions&gt;(configuration.GetSection("MspHub"))</c>).
/// Validated when the host starts.
/// </summary>
public sealed class MspHubOptions
{
    /// <summary>The section name used in documentation and validation messages.</summary>
    public const string SectionName = "MspHub";

    /// <summary>The tenant cache.</summary>
    public TenantCacheOptions TenantCache { get; set; } = new();

    /// <summary>The cache of users' permissions per tenant.</summary>
    public AccessCacheOptions AccessCache { get; set; } = new();

    /// <summary>What MspHub's metrics and traces may say about tenants; nothing unless set.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>
    /// The tenant roles every new tenant starts with, by name, each with its permissions as <c>resource.action</c>
    /// (for example Admin, Manager, Agent, Customer, Vendor). <see cref="ITenantAccessManager.SeedDefaultRolesAsync"/>
    /// creates them. Checked at start-up against the declared permissions.
    /// </summary>
    public IDictionary<string, IList<string>> DefaultTenantRoles { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The permission that guards API key creation (<see cref="IApiKeyManager"/>), <c>api-keys.generate</c>
    /// unless set. Declare it sensitive, so technicians can never be granted it.
    /// </summary>
    public string ApiKeyPermission { get; set; } = "api-keys.generate";

    /// <summary>
    /// The permission that lets a tenant's users (its admins, say) and technicians granted it read that tenant's audit
    /// chain through <see cref="IAuditLog.QueryAsync(AuditQuery, AuditReader, CancellationToken)"/>, <c>audit.view</c> unless set. Until the host declares it, only
    /// MSP admins read the audit log.
    /// </summary>
    public string AuditPermission { get; set; } = "audit.view";

    /// <summary>
    /// The longest an API key may live: <see cref="IApiKeyManager.CreateAsync"/> refuses an expiry further away;
    /// 365 days unless set, between one hour and ten years.
    /// </summary>
    public TimeSpan ApiKeyMaxLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How long a tenant invitation (<see cref="ITenantInvitations.InviteAsync"/>) can be accepted; 7 days unless
    /// set, between one hour and 90 days. Short enough that a forgotten invitation does not wait for years.
    /// </summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The permission that lets a tenant's own users change its branding through <c>MapMspHub()</c>'s branding
    /// endpoints, <c>branding.update</c> unless set; MSP admins may always, and only they change MSP-wide branding.
    /// The host declares it (<c>hub.AddPermissions(p => p.Resource("branding").Action("update"))</c>) before a tenant
    /// role can hold it.
    /// </summary>
    public string BrandingPermission { get; set; } = "branding.update";

    /// <summary>The install's setting values, used where no tenant up the hierarchy sets its own (<see cref="ITenantSettings"/>).</summary>
    public IDictionary<string, string> SettingDefaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How deep the tenant hierarchy may go: 1 is top-level tenants only; 5 unless set (MSP → client → branch → ...).</summary>
    public int MaxTenantDepth { get; set; } = 5;

    /// <summary>The largest logo <see cref="IBrandingService"/> accepts, in bytes; 256 KiB unless set.</summary>
    public int MaxLogoBytes { get; set; } = BrandingRules.DefaultMaxLogoBytes;
}
