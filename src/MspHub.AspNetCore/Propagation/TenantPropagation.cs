namespace MspHub.AspNetCore;

/// <summary>
/// Carrying the tenant from one MspHub service to another: <c>AddTenantPropagation()</c> on an <c>HttpClient</c> sends
/// it, <c>TrustTenantFromServices</c> lets an authenticated service caller act in the tenant it names.
/// </summary>
public static class TenantPropagation
{
    /// <summary>The request header that carries the current tenant's id. Resolve it on the receiving side with <c>r.Header(TenantPropagation.HeaderName)</c>.</summary>
    public const string HeaderName = "MspHub-Tenant";
}
