namespace MspHub.AspNetCore;

/// <summary>
/// Whether an identifier a request carries names a tenant: by id in its one text form (<see cref="IdText"/>, as the
/// resolver reads it), or by slug in any case.
/// </summary>
internal static class TenantNaming
{
    public static bool Names(ReadOnlySpan<char> identifier, Tenant tenant) =>
        IdText.TryParse(identifier, out var id) ? id == tenant.Id : identifier.Equals(tenant.Slug, StringComparison.OrdinalIgnoreCase);
}
