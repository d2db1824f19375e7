using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace MspHub.EntityFramework;

/// <summary>
/// Reads a LINQ query before EF Core compiles it and refuses what would cross a tenant boundary:
/// switching the tenant filter off outside a cross-tenant scope, and bulk updates that set a tenant id.
/// Read-only and stateless: it rebuilds nothing and one instance serves every query of a context, so it
/// adds no allocations to a query.
/// </summary>
internal sealed class TenantQueryInspector(IModel model, bool tenantFilterMayBeIgnored) : ExpressionVisitor
{
    public void Check(Expression query) => Visit(query);

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

    // Names given as a constant are read directly; names held in a variable are evaluated the way EF Core
    // will evaluate them; names that depend on a query parameter cannot be known, so they count as a switch-off.
    private static bool IgnoresTenantFilter(MethodCallExpression node)
    {
        if (node.Arguments.Count == 1)
        {
            return true;
        }

        // The subtree rewrite's own switch-off, which puts the subtree filter in the tenant filter's place.
        if (node.Arguments[1] is ConstantExpression { Value: var marker } && ReferenceEquals(marker, SubtreeQueryRewriter.Marker))
        {
            return false;
        }

        var names = node.Arguments[1] switch
        {
            ConstantExpression constant => constant.Value as IEnumerable<string>,
            var expression when !ParameterFinder.Contains(expression) =>
                Expression.Lambda<Func<object?>>(Expression.Convert(expression, typeof(object))).Compile(preferInterpretation: true)() as IEnumerable<string>,
            _ => null,
        };
        return names is null || names.Contains(MspHubQueryFilters.Tenant);
    }

    private void RefuseTenantIdSetters(MethodCallExpression executeUpdate)
    {
        foreach (var entityType in UpdatedTypes(executeUpdate))
        {
            if (TenantAnnotations.TenantIdProperty(entityType) is { } tenantId && new SetterFinder(tenantId).Finds(executeUpdate.Arguments[1]))
            {
                throw new TenantIsolationException(
                    $"ExecuteUpdate on '{entityType.DisplayName()}' sets its tenant id '{tenantId}'. Rows never move between tenants through a bulk update; "
                    + "nothing was changed.");
            }
        }
    }

    // The rows updated are the query's elements, which need not be its root's: a query may start from an entity no tenant
    // owns and reach tenant-owned rows through a navigation or a join. The root settles which entity type is meant only
    // where several share the element's CLR type (property bags); otherwise every type of that CLR type is checked.
    private IEnumerable<IEntityType> UpdatedTypes(MethodCallExpression executeUpdate)
    {
        var updated = executeUpdate.Arguments[0].Type.GetGenericArguments()[0];
        return RootOf(executeUpdate.Arguments[0])?.EntityType is { } root && root.ClrType == updated
            ? [root]
            : model.GetEntityTypes().Where(t => t.ClrType == updated);
    }

    private static EntityQueryRootExpression? RootOf(Expression source) => source switch
    {
        EntityQueryRootExpression root => root,
        MethodCallExpression { Arguments.Count: > 0 } call => RootOf(call.Arguments[0]),
        _ => null,
    };

    /// <summary>
    /// Finds a setter whose property selector (<c>e => e.TenantId</c>, <c>e => EF.Property&lt;Guid&gt;(e, "TenantId")</c> or an indexer, <c>e => e["TenantId"]</c>)
    /// names the tenant id. EF Core 10 hands setters over as (property selector, value) tuples; only the
    /// selector is checked, so a value computed from the tenant id is allowed.
    /// </summary>
    private sealed class SetterFinder(string property) : ExpressionVisitor
    {
        private bool _found;

        public bool Finds(Expression setters)
        {
            Visit(setters);
            return _found;
        }

        protected override Expression VisitNew(NewExpression node)
        {
            if (node.Arguments.Count == 2 && Unwrap(node.Arguments[0]) is LambdaExpression selector)
            {
                var body = selector.Body;
                while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } cast)
                {
                    body = cast.Operand;
                }

                _found |= body switch
                {
                    MemberExpression member => member.Member.Name == property,
                    MethodCallExpression { Method.Name: nameof(EF.Property) } call => call.Arguments[1] is ConstantExpression { Value: string name } && name == property,
                    MethodCallExpression { Method.Name: "get_Item", Arguments: [ConstantExpression { Value: string indexed }] } => indexed == property,
                    _ => false,
                };
                return node;
            }

            return base.VisitNew(node);
        }

        protected override Expression VisitExtension(Expression node) => node;

        private static Expression Unwrap(Expression expression) => expression switch
        {
            UnaryExpression { NodeType: ExpressionType.Quote } quote => quote.Operand,
            ConstantExpression { Value: Expression nested } => nested,
            _ => expression,
        };
    }

    private sealed class ParameterFinder : ExpressionVisitor
    {
        private bool _found;

        public static bool Contains(Expression expression)
        {
            var finder = new ParameterFinder();
            finder.Visit(expression);
            return finder._found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found = true;
            return node;
        }

        protected override Expression VisitExtension(Expression node)
        {
            _found = true;
            return node;
        }
    }
}
