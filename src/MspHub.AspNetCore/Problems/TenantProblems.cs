namespace MspHub.AspNetCore;

/// <summary>
/// The answers about a tenant a request names, in one place so every path reads the same: a tenant the
/// caller may not enter and one that does not exist get the very same problem, which quotes only what the
/// caller sent, so neither the status, the title nor the detail tells whether a tenant exists.
/// </summary>
internal static class TenantProblems
{
    /// <summary>The caller may not act in the tenant named <paramref name="named"/>, or no such tenant exists.</summary>
    public static MspHubProblem NotAvailable(ReadOnlySpan<char> named) =>
        new(MspHubProblemTypes.TenantNotAvailable, $"You cannot act in tenant {CallerText.Quote(named)}.");

    /// <summary>No tenant is named <paramref name="named"/>: only for callers who may enter every tenant (MSP admins).</summary>
    public static MspHubProblem Unknown(ReadOnlySpan<char> named) =>
        new(MspHubProblemTypes.UnknownTenant, $"No tenant {CallerText.Quote(named)} exists.");

    /// <summary>The request names <paramref name="tenant"/> in one place (the session token, say) and another tenant elsewhere.</summary>
    public static MspHubProblem Conflicting(Tenant tenant) =>
        new(MspHubProblemTypes.ConflictingTenant, $"This request names tenant '{tenant.Slug}' and another one too (a token for one, a header, route or host for the other); name one tenant.");

    /// <summary>The tenant is suspended: only for callers who may enter it.</summary>
    public static MspHubProblem Suspended(Tenant tenant) =>
        new(MspHubProblemTypes.TenantSuspended, $"Tenant '{tenant.Slug}' is suspended; its data is kept until it is reactivated.");
}
