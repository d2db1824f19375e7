using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MspHub.EntityFramework;

/// <summary>
/// Checks the query EF Core actually compiles, after it has inlined captured queries and evaluated
/// captured values (a query kept in a variable and used inside another one, a property name held in a
/// variable). The check in front of the query cache cannot see inside those; this one sees everything,
/// and it runs only when a query shape is compiled, never on a cache hit, so it costs nothing per query.
/// </summary>
internal sealed class TenantQueryCompilationInterceptor : IQueryExpressionInterceptor
{
    public static readonly TenantQueryCompilationInterceptor Instance = new();

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        if (eventData.Context is { } context && DbContextTenancy.For(context) is { HasTenantOwnedEntities: true } tenancy)
        {
            // A cross-tenant query the front rewrite left alone shares its compiled form with the same query in a tenant scope,
            // which reuses it without compiling: it is checked by the tenant scope's rules, like a query compiled for reuse.
            var sharedWithTenantScopes = tenancy.Tenancy.Current.IsCrossTenant && !CrossTenantQueryRewriter.CarriesSwitchOff(queryExpression);
            try
            {
                tenancy.InspectorFor(compiled: tenancy.IsCompilingReusableQuery || sharedWithTenantScopes).Check(queryExpression);
            }
            catch (TenantIsolationException) when (sharedWithTenantScopes)
            {
                throw new TenantIsolationException(
                    "This query starts from no entity set of its own (a SqlQuery composed with captured queries, say), so even in a cross-tenant scope it "
                    + "shares its compiled form with tenant scopes and is held to their rules: it may not switch the tenant filter off. Start it from an entity set.");
            }
            if (!tenancy.IsCompilingReusableQuery && tenancy.Tenancy.Current.IsSubtree)
            {
                var covered = SubtreeQueryRewriter.CoverInlinedRoots(queryExpression);
                SubtreeNavigationCheck.Check(covered, context.Model);
                return covered;
            }
        }

        return queryExpression;
    }
}
