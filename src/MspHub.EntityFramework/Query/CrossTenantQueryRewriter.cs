using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace MspHub.EntityFramework;

/// <summary>
/// For a query run inside a cross-tenant scope, switches the tenant filter off by wrapping each query
/// root in <c>IgnoreQueryFilters([MspHub.Tenant])</c>. The rewritten expression differs from the
/// tenant-scoped one, so EF Core caches the two variants separately and neither can serve the other.
/// </summary>
internal sealed class CrossTenantQueryRewriter : ExpressionVisitor
{
    private static readonly IReadOnlyCollection<string> TenantFilter = [MspHubQueryFilters.Tenant];

    private static readonly MethodInfo IgnoreNamedFilters = typeof(EntityFrameworkQueryableExtensions)
        .GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters) && m.GetParameters().Length == 2);

    private static readonly CrossTenantQueryRewriter Instance = new();

    public static Expression Rewrite(Expression query) => Instance.Visit(query);

    /// <summary>
    /// Whether <paramref name="query"/> carries this rewrite's switch-off: a query with no entity root of its own (a
    /// <c>SqlQuery</c> over captured queries, say) is left as it was, and so shares its cache entry with the same query
    /// run in a tenant scope.
    /// </summary>
    public static bool CarriesSwitchOff(Expression query) => MarkerFinder.Finds(query);

    protected override Expression VisitExtension(Expression node) =>
        node is EntityQueryRootExpression root
            ? Expression.Call(IgnoreNamedFilters.MakeGenericMethod(root.EntityType.ClrType), root, Expression.Constant(TenantFilter))
            : node;

    private sealed class MarkerFinder : ExpressionVisitor
    {
        private bool _found;

        public static bool Finds(Expression query)
        {
            var finder = new MarkerFinder();
            finder.Visit(query);
            return finder._found;
        }

        public override Expression? Visit(Expression? node) => _found ? node : base.Visit(node);

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters)
                && node.Arguments is [_, ConstantExpression { Value: var names }] && ReferenceEquals(names, TenantFilter))
            {
                _found = true;
                return node;
            }

            return base.VisitMethodCall(node);
        }
    }
}
