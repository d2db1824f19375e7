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

    protected override Expression VisitExtension(Expression node) =>
        node is EntityQueryRootExpression root
            ? Expression.Call(IgnoreNamedFilters.MakeGenericMethod(root.EntityType.ClrType), root, Expression.Constant(TenantFilter))
            : node;
}
