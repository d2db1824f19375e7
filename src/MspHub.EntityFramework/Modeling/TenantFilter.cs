using System.ComponentModel;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// Called from the tenant query filter. EF Core turns the call into a query parameter that it
/// evaluates against the executing DbContext each time a query runs, so one compiled query serves
/// every tenant. Not for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TenantFilter
{
    /// <summary>The current tenant's id, or an exception when there is none: isolation fails closed.</summary>
    /// <param name="context">The DbContext running the query.</param>
    /// <param name="entity">The entity's display name, for the error message.</param>
    /// <exception cref="TenantRequiredException">No tenant is in context.</exception>
    /// <exception cref="TenantIsolationException">A compiled query ran in a cross-tenant or subtree scope.</exception>
    public static Guid CurrentTenantId(DbContext context, string entity)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = DbContextTenancy.For(context).Tenancy.Current;
        return current.Kind switch
        {
            TenantContextKind.Tenant => current.Tenant!.Id,
            TenantContextKind.CrossTenant => throw new TenantIsolationException(
                $"A compiled query over entity '{entity}' ran in {current}. Compiled queries (EF.CompileQuery) always filter by the current tenant; "
                + "run this one inside a tenant scope, or use a regular LINQ query for work across tenants."),
            TenantContextKind.Subtree => throw new TenantIsolationException(
                $"A compiled query over entity '{entity}' ran in {current}. Compiled queries (EF.CompileQuery) always filter by the current tenant; "
                + "run this one inside a tenant scope, or use a regular LINQ query for a subtree report."),
            _ => throw new TenantRequiredException($"Entity '{entity}'", current),
        };
    }
}
