namespace MspHub.AspNetCore;

/// <summary>What <c>GET /hub/session</c> answers: who is signed in, the active tenant and where else they may go.</summary>
/// <param name="User">The signed-in user.</param>
/// <param name="Tenant">The active tenant with the user's permissions there, or <see langword="null"/> when none is active.</param>
/// <param name="Tenants">The first page of tenants the user may switch to; more through <c>GET /hub/session/tenants</c>.</param>
/// <param name="Branding">The white label in force for the active tenant, or <see langword="null"/> when no branding store is registered.</param>
public sealed record SessionInfo(SessionUser User, SessionTenant? Tenant, PagedResult<SessionTenant> Tenants, SessionBranding? Branding);
