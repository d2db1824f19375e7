namespace MspHub;

/// <summary>
/// The names behind a client tenant's consent to technician access (Microsoft's GDAP answer to always-on MSP
/// access): the tenant setting that turns it on and the permission its administrators answer requests with.
/// </summary>
public static class TechnicianConsent
{
    /// <summary>
    /// The tenant setting (<see cref="ITenantSettings"/>) that makes new or wider technician grants in the tenant
    /// wait for one of its administrators: <see cref="Required"/> turns it on, any other value or none leaves it off.
    /// Settings are inherited, so the MSP can set it once on a client and every branch follows.
    /// </summary>
    public const string SettingKey = "msphub.technician-consent";

    /// <summary>The value of <see cref="SettingKey"/> that requires consent.</summary>
    public const string Required = "required";

    /// <summary>
    /// The permission a tenant's own administrator needs to approve or decline a grant waiting for consent. Declare
    /// it (<c>p.Resource("access").Action("consent", sensitive: true)</c>) and put it in the tenant's admin role.
    /// Whatever else holds it, only a member of the tenant with no system role can answer: never MSP staff, whose
    /// access is what is being consented to.
    /// </summary>
    public const string Permission = "access.consent";

    /// <summary>Whether <paramref name="tenantId"/> requires consent: its (inherited) setting says <see cref="Required"/>. Without settings, it never does.</summary>
    internal static async Task<bool> IsRequiredAsync(ITenantSettings? settings, Guid tenantId, CancellationToken cancellationToken) =>
        settings is not null
        && string.Equals(
            (await settings.GetAsync(tenantId, SettingKey, cancellationToken).ConfigureAwait(false))?.Value,
            Required,
            StringComparison.OrdinalIgnoreCase);
}
