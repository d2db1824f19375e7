using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Reads a LINQ query before EF Core compiles it and refuses what would cross a tenant boundary:
/// switching the tenant filter off outside a cross-tenant scope, and bulk updates that set a tenant id.
/// Read-only: it rebuilds nothing, so it adds no allocations to the query.
/// </summary>
internal sealed class TenantQueryInspector(IModel model, bool tenantFilterMayBeIgnored) : ExpressionVisitor
{
    public static void Check(Expression query, IModel model, bool tenantFilterMayBeIgnored) =>
        new TenantQueryInspector(model, tenantFilterMayBeIgnored).Visit(query);

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        switch (node.Method.Name)
        {
            case nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters) when !tenantFilterMayBeIgnored && IgnoresTenantFilter(node):
                throw new TenantIsolationException(
                    "This query switches off MspHub's tenant filter (IgnoreQueryFilters() without names, or naming "
                    + $"'{MspHubQueryFilters.Tenant}'). Name only your own filters, for example IgnoreQueryFilters([\"SoftDelete\"]), "
                    + "or run the query inside tenancy.BeginCrossTenantScope(\"name\"), which is audited. Compiled queries may never switch it off.");
            case "ExecuteUpdate" or "ExecuteUpdateAsync" when node.Arguments.Count == 2:
                RefuseTenantIdSetters(node);
                break;
        }

        return base.VisitMethodCall(node);
    }

    // Query roots and EF's other extension nodes are leaves for this purpose.
    protected override Expression VisitExtension(Expression node) => node;

    private static bool IgnoresTenantFilter(MethodCallExpression node) =>
        node.Arguments.Count == 1
        || (node.Arguments[1] is ConstantExpression { Value: IEnumerable<string> names } && names.Contains(MspHubQueryFilters.Tenant));

    private void RefuseTenantIdSetters(MethodCallExpression executeUpdate)
    {
        var entityType = model.FindEntityType(executeUpdate.Arguments[0].Type.GetGenericArguments()[0]);
        var tenantId = entityType is null ? null : TenantAnnotations.TenantIdProperty(entityType);
        if (tenantId is not null && new SetterFinder(tenantId).Finds(executeUpdate.Arguments[1]))
        {
            throw new TenantIsolationException(
                $"ExecuteUpdate on '{entityType!.DisplayName()}' sets its tenant id '{tenantId}'. Rows never move between tenants through a bulk update; "
                + "nothing was changed.");
        }
    }

    /// <summary>Finds a property selector (<c>e => e.TenantId</c> or <c>e => EF.Property&lt;Guid&gt;(e, "TenantId")</c>) among the setters.</summary>
    private sealed class SetterFinder(string property) : ExpressionVisitor
    {
        private bool _found;

        public bool Finds(Expression setters)
        {
            Visit(setters);
            return _found;
        }

        protected override Expression VisitLambda<T>(Expression<T> node)
        {
            var body = node.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : node.Body;
            _found |= body switch
            {
                MemberExpression member => member.Member.Name == property,
                MethodCallExpression { Method.Name: nameof(EF.Property) } call => call.Arguments[1] is ConstantExpression { Value: string name } && name == property,
                _ => false,
            };
            return base.VisitLambda(node);
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is Expression nested)
            {
                Visit(nested);
            }

            return node;
        }

        protected override Expression VisitExtension(Expression node) => node;
    }
}
