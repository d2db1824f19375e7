using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

// EF1001: QueryCompiler is EF Core's internal query pipeline entry point; it is the one place that sees
// a query before the compiled-query cache does, which a cross-tenant variant needs. Pinned to EF Core 10.
// EF9100: precompiled queries are experimental in EF Core; overriding keeps MspHub's checks in front of them too.
#pragma warning disable EF1001, EF9100

/// <summary>
/// EF Core's query compiler with MspHub's checks in front: tenant-scoped queries pass unchanged (the
/// tenant filter and its parameter do the work); queries in a cross-tenant scope get the tenant filter
/// switched off; queries in a subtree scope get it replaced by the subtree's ids; queries that would switch
/// it off anywhere else are refused.
/// </summary>
internal sealed class TenantQueryCompiler : QueryCompiler
{
    private readonly DbContextTenancy _tenancy;

    public TenantQueryCompiler(
        IQueryContextFactory queryContextFactory,
        ICompiledQueryCache compiledQueryCache,
        ICompiledQueryCacheKeyGenerator compiledQueryCacheKeyGenerator,
        IDatabase database,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger,
        ICurrentDbContext currentContext,
        IEvaluatableExpressionFilter evaluatableExpressionFilter,
        IModel model,
        DbContextTenancy tenancy)
        : base(queryContextFactory, compiledQueryCache, compiledQueryCacheKeyGenerator, database, logger, currentContext, evaluatableExpressionFilter, model) =>
        _tenancy = tenancy;

    public override TResult Execute<TResult>(Expression query) => base.Execute<TResult>(Prepare(query, compiled: false));

    public override TResult ExecuteAsync<TResult>(Expression query, CancellationToken cancellationToken = default) =>
        base.ExecuteAsync<TResult>(Prepare(query, compiled: false), cancellationToken);

    // A compiled query is compiled once and reused in every later scope, so it always keeps the tenant
    // filter; run in a cross-tenant scope it fails in TenantFilter rather than guess.
    public override Func<QueryContext, TResult> CreateCompiledQuery<TResult>(Expression query) =>
        CompileForReuse(() => base.CreateCompiledQuery<TResult>(Prepare(query, compiled: true)));

    public override Func<QueryContext, TResult> CreateCompiledAsyncQuery<TResult>(Expression query) =>
        CompileForReuse(() => base.CreateCompiledAsyncQuery<TResult>(Prepare(query, compiled: true)));

    public override Expression<Func<QueryContext, TResult>> PrecompileQuery<TResult>(Expression query, bool async) =>
        CompileForReuse(() => base.PrecompileQuery<TResult>(Prepare(query, compiled: true), async));

    // Tells the compilation-time check (TenantQueryCompilationInterceptor) to apply the strict rules whatever the scope.
    private T CompileForReuse<T>(Func<T> compile)
    {
        _tenancy.IsCompilingReusableQuery = true;
        try
        {
            return compile();
        }
        finally
        {
            _tenancy.IsCompilingReusableQuery = false;
        }
    }

    private Expression Prepare(Expression query, bool compiled)
    {
        if (!_tenancy.HasTenantOwnedEntities)
        {
            return query;
        }

        _tenancy.InspectorFor(compiled).Check(query);
        if (compiled)
        {
            return query;
        }

        var current = _tenancy.Tenancy.Current;
        return current.Kind switch
        {
            TenantContextKind.CrossTenant => CrossTenantQueryRewriter.Rewrite(query),
            TenantContextKind.Subtree => SubtreeQueryRewriter.Rewrite(query, current.Subtree!),
            _ => query,
        };
    }
}
