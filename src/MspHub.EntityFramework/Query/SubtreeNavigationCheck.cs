using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;

namespace MspHub.EntityFramework;

/// <summary>
/// Refuses, in a query about to be compiled in a subtree scope, a navigation from a shared entity to tenant-owned ones
/// (<c>category.Automs</c>, by member, <c>EF.Property</c>, an <c>Include</c> path or an auto-include). The subtree filter
/// switches the tenant filter off for the whole query and restricts its roots; a navigation between tenant-owned
/// entities stays in the tenant through the tenant-composite foreign key, but one from a shared entity joins on the
/// shared key alone and would reach every tenant's rows.
/// </summary>
internal sealed class SubtreeNavigationCheck(IReadOnlyModel model) : ExpressionVisitor
{
    private readonly HashSet<IReadOnlyEntityType> _reached = [];
    private bool _ignoresAutoIncludes;

    public static void Check(Expression query, IReadOnlyModel model)
    {
        // Without a tenant-owned root the tenant filter stays on for the whole query, and answers by itself.
        if (!SubtreeQueryRewriter.SwitchesTenantFilterOff(query))
        {
            return;
        }

        var check = new SubtreeNavigationCheck(model);
        check.Visit(query);
        if (!check._ignoresAutoIncludes)
        {
            check.RefuseAutoIncluded();
        }
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (node.Expression is { } owner)
        {
            Follow(Unconverted(owner).Type, node.Member.Name);
        }

        return base.VisitMember(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(EF) && node.Method.Name == nameof(EF.Property) && node.Arguments[1] is ConstantExpression { Value: string name })
        {
            Follow(Unconverted(node.Arguments[0]).Type, name);
        }
        else if (node.Method.Name == nameof(EntityFrameworkQueryableExtensions.IgnoreAutoIncludes))
        {
            _ignoresAutoIncludes = true;
        }
        else if (node.Method.Name == nameof(EntityFrameworkQueryableExtensions.Include) && node.Arguments is [var source, ConstantExpression { Value: string path }])
        {
            var type = model.FindEntityType(source.Type.GetGenericArguments()[0]);
            foreach (var segment in path.Split('.', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                type = type is null ? null : Follow(type, segment);
            }
        }

        return base.VisitMethodCall(node);
    }

    protected override Expression VisitExtension(Expression node)
    {
        if (node is EntityQueryRootExpression root)
        {
            _reached.Add(root.EntityType);
            return node;
        }

        return base.VisitExtension(node);
    }

    private void Follow(Type declaring, string name)
    {
        if (model.FindEntityType(declaring) is { } type)
        {
            Follow(type, name);
        }
    }

    // EF Core binds a navigation by name on the type, its base types and its derived types, as here.
    private IReadOnlyEntityType? Follow(IReadOnlyEntityType type, string name)
    {
        var navigation = (IReadOnlyNavigationBase?)type.FindNavigation(name) ?? type.FindSkipNavigation(name)
            ?? type.GetDerivedTypes().Select(d => (IReadOnlyNavigationBase?)d.FindDeclaredNavigation(name) ?? d.FindDeclaredSkipNavigation(name)).FirstOrDefault(n => n is not null);
        if (navigation is null)
        {
            return null;
        }

        Refuse(navigation);
        _reached.Add(navigation.TargetEntityType);
        return navigation.TargetEntityType;
    }

    // Auto-includes are added after this check sees the query: follow them from every entity type the query reaches.
    private void RefuseAutoIncluded()
    {
        var pending = new Stack<IReadOnlyEntityType>(_reached);
        var seen = new HashSet<IReadOnlyEntityType>(_reached);
        while (pending.TryPop(out var type))
        {
            var navigations = type.GetNavigations().Concat(type.GetDerivedNavigations()).Cast<IReadOnlyNavigationBase>()
                .Concat(type.GetSkipNavigations()).Concat(type.GetDerivedSkipNavigations());
            foreach (var navigation in navigations.Where(n => n.IsEagerLoaded))
            {
                Refuse(navigation);
                if (seen.Add(navigation.TargetEntityType))
                {
                    pending.Push(navigation.TargetEntityType);
                }
            }
        }
    }

    // EF Core looks through a cast to a base type, an interface or object when it binds a navigation: so does the check.
    private static Expression Unconverted(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } cast)
        {
            expression = cast.Operand;
        }

        return expression;
    }

    private static void Refuse(IReadOnlyNavigationBase navigation)
    {
        if (TenantAnnotations.TenantIdProperty(navigation.DeclaringEntityType) is null && TenantAnnotations.TenantIdProperty(navigation.TargetEntityType) is not null)
        {
            throw new TenantIsolationException(
                $"A query inside a subtree scope follows '{navigation.DeclaringEntityType.DisplayName()}.{navigation.Name}' from a shared entity to "
                + $"tenant-owned '{navigation.TargetEntityType.DisplayName()}' rows, which joins on the shared key alone and would reach every tenant's rows. "
                + $"Query the tenant-owned set itself inside the scope (or call IgnoreAutoIncludes() when the navigation is auto-included).");
        }
    }
}
