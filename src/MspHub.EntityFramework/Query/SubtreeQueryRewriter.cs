using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace MspHub.EntityFramework;

/// <summary>
/// For a query run inside a subtree scope, replaces the tenant filter on each tenant-owned query root with the
/// subtree: <c>root.IgnoreQueryFilters([MspHub.Tenant]).Where(e =&gt; subtreeIds.Contains(e.TenantId))</c>. The ids
/// reach the query as one captured value, so EF Core makes them a parameter: one compiled query serves every subtree
/// of the same shape, and the rewritten expression never shares a cache entry with the tenant-scoped one.
/// </summary>
/// <remarks>
/// The rewrite in front of the cache cannot see roots EF Core inlines later (<c>db.Automs</c> used inside a lambda, a
/// query kept in a variable); <see cref="CoverInlinedRoots"/> runs when the query shape is compiled and wraps those the
/// same way, with the same ids parameter, so no root ever runs without either the tenant filter or the subtree filter.
/// Navigations are not rewritten: between tenant-owned entities they follow the tenant-composite foreign key, so they
/// reach rows of the same tenant only (relationships opted out with <c>HasPlainForeignKey</c> lose that, as everywhere);
/// one from a shared entity to tenant-owned ones would not, so <see cref="SubtreeNavigationCheck"/> refuses it.
/// </remarks>
internal sealed class SubtreeQueryRewriter : ExpressionVisitor
{
    /// <summary>The one names list the rewrite uses; the inspector lets exactly this instance switch the tenant filter off.</summary>
    public static readonly IReadOnlyCollection<string> Marker = [MspHubQueryFilters.Tenant];

    private static readonly ConditionalWeakTable<TenantSubtree, Ids> IdsBySubtree = [];

    private static readonly MethodInfo IgnoreNamedFilters = typeof(EntityFrameworkQueryableExtensions)
        .GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters) && m.GetParameters().Length == 2);

    private static readonly MethodInfo Where = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo Contains = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(Guid));

    private static readonly MethodInfo Property = typeof(EF).GetMethod(nameof(EF.Property))!.MakeGenericMethod(typeof(Guid));

    private static readonly PropertyInfo IdsValue = typeof(Ids).GetProperty(nameof(Ids.Value))!;

    private readonly Expression _ids;

    private SubtreeQueryRewriter(TenantSubtree subtree) =>
        _ids = Expression.Property(Expression.Constant(IdsBySubtree.GetValue(subtree, s => new Ids([.. s.TenantIds]))), IdsValue);

    public static Expression Rewrite(Expression query, TenantSubtree subtree) => new SubtreeQueryRewriter(subtree).Visit(query);

    /// <summary>Covers, in a query about to be compiled in a subtree scope, the tenant-owned roots EF Core inlined after the rewrite.</summary>
    public static Expression CoverInlinedRoots(Expression query) => InlinedRootCover.Cover(query);

    /// <summary>Whether <paramref name="query"/> has a root this rewrite covered, and so runs with the tenant filter off.</summary>
    public static bool SwitchesTenantFilterOff(Expression query)
    {
        IdsFinder.Find(query, out var ids);
        return ids is not null;
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.Name is "ExecuteUpdate" or "ExecuteUpdateAsync" or "ExecuteDelete" or "ExecuteDeleteAsync")
        {
            throw ReadOnly($"{node.Method.Name.Replace("Async", "", StringComparison.Ordinal)} would write");
        }

        return base.VisitMethodCall(node);
    }

    protected override Expression VisitExtension(Expression node)
    {
        if (node is not EntityQueryRootExpression root || TenantAnnotations.TenantIdProperty(root.EntityType) is not { } tenantId)
        {
            return node;
        }

        return Wrap(root, tenantId, _ids);
    }

    // root.IgnoreQueryFilters(Marker).Where(e => ids.Contains(EF.Property<Guid>(e, tenantId)))
    private static MethodCallExpression Wrap(EntityQueryRootExpression root, string tenantId, Expression ids)
    {
        var clrType = root.EntityType.ClrType;
        var unfiltered = Expression.Call(IgnoreNamedFilters.MakeGenericMethod(clrType), root, Expression.Constant(Marker));
        var row = Expression.Parameter(clrType, "e");
        var inSubtree = Expression.Lambda(
            Expression.Call(Contains, ids, Expression.Call(Property, row, Expression.Constant(tenantId))),
            row);
        return Expression.Call(Where.MakeGenericMethod(clrType), unfiltered, Expression.Quote(inSubtree));
    }

    private static bool IsOwnSwitchOff(MethodCallExpression node) =>
        node.Method.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreQueryFilters)
        && node.Arguments is [EntityQueryRootExpression, ConstantExpression { Value: var names }]
        && ReferenceEquals(names, Marker);

    private static bool IsRewritten(MethodCallExpression node) =>
        node.Method.Name == nameof(Queryable.Where) && node.Arguments[0] is MethodCallExpression inner && IsOwnSwitchOff(inner);

    public static TenantIsolationException ReadOnly(string what) => new(
        $"{what} inside a subtree scope, which is read-only: it exists for roll-up reports over a tenant and its descendants. "
        + "Write inside a tenant scope instead. Nothing was changed.");

    /// <summary>The subtree's ids as one captured value, made once per subtree, which EF Core turns into a query parameter.</summary>
    private sealed class Ids(Guid[] value)
    {
        public Guid[] Value { get; } = value;
    }

    /// <summary>
    /// Wraps the roots EF Core inlined after the rewrite in front of the cache (a <c>db.Automs</c> used inside a lambda,
    /// a query kept in a variable) the same way, with the ids parameter the rewrite's own roots already carry.
    /// </summary>
    private sealed class InlinedRootCover : ExpressionVisitor
    {
        private Expression? _ids;

        public static Expression Cover(Expression query)
        {
            var cover = new InlinedRootCover();
            IdsFinder.Find(query, out cover._ids);
            return cover.Visit(query);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            IsRewritten(node) || IsOwnSwitchOff(node) ? node : base.VisitMethodCall(node);

        protected override Expression VisitExtension(Expression node)
        {
            if (node is not EntityQueryRootExpression root || TenantAnnotations.TenantIdProperty(root.EntityType) is not { } tenantId)
            {
                return node;
            }

            // No root of the query itself carries the ids: there is no parameter to filter this one with.
            var ids = _ids ?? throw new TenantIsolationException(
                $"A query over '{root.EntityType.DisplayName()}' inside a subtree scope reaches it only through a query kept in a variable, "
                + "which the subtree filter cannot cover. Write the query in one piece inside the scope.");
            return Wrap(root, tenantId, ids);
        }
    }

    private sealed class IdsFinder : ExpressionVisitor
    {
        private Expression? _ids;

        public static void Find(Expression query, out Expression? ids)
        {
            var finder = new IdsFinder();
            finder.Visit(query);
            ids = finder._ids;
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (_ids is null && IsRewritten(node)
                && node.Arguments[1] is UnaryExpression { Operand: LambdaExpression { Body: MethodCallExpression contains } })
            {
                _ids = contains.Arguments[0];
                return node;
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitExtension(Expression node) => node;
    }
}
