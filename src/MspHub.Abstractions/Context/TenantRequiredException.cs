namespace MspHub;

/// <summary>
/// Thrown when tenant-owned data is touched with no tenant in context. Isolation fails closed: without
/// a tenant the answer is this exception, never an empty result and never every tenant's rows.
/// </summary>
public sealed class TenantRequiredException : MspHubException
{
    /// <summary>Creates the exception for an operation on <paramref name="what"/>.</summary>
    /// <param name="what">What was touched, for example <c>"entity 'Autom'"</c>.</param>
    /// <param name="context">The context that was active instead.</param>
    public TenantRequiredException(string what, TenantContext context)
        : base($"{what} is tenant-owned, but the current context holds {context}. " + Advice(context))
    {
    }

    // Inside a cross-tenant scope already, suggesting one would send the reader in a circle: this data takes one tenant.
    private static string Advice(TenantContext context) => context?.IsCrossTenant == true
        ? "A cross-tenant scope does not reach it: run the code inside a tenant scope (tenancy.BeginScope(tenant)), one tenant at a time."
        : "Run the code inside a tenant scope (tenancy.BeginScope(tenant)) or, for deliberate work across tenants, inside tenancy.BeginCrossTenantScope(\"name\").";
}
