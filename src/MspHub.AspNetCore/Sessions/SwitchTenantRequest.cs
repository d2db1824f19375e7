namespace MspHub.AspNetCore;

/// <summary>The body of <c>POST /hub/session/switch</c>.</summary>
/// <param name="Tenant">The tenant to switch to, by id or slug.</param>
public sealed record SwitchTenantRequest(string Tenant);
