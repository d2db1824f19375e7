using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub;

/// <summary>
/// <see cref="ITenancy"/> over an instance-level <see cref="AsyncLocal{T}"/>, so two hosts in one process
/// (as in tests) never share a tenant. Scopes form a chain per flow; disposing one that still has open
/// scopes inside it closes them all, restores the context from before it, and throws
/// <see cref="TenantScopeOrderException"/>, so a tenant never stays active outside every scope.
/// </summary>
internal sealed partial class AsyncLocalTenancy(
    AuditStamp auditStamp,
    AuditBackgroundWriter auditWriter,
    ILogger<AsyncLocalTenancy>? logger = null) : ITenancy
{
    private readonly ILogger _logger = logger ?? NullLogger<AsyncLocalTenancy>.Instance;
    private readonly AsyncLocal<Frame?> _current = new();

    // A tenant's context is immutable, so the instance a tenant cache serves keeps one for every request that enters it.
    private readonly ConditionalWeakTable<Tenant, TenantContext> _contexts = new();

    public TenantContext Current => _current.Value?.Context ?? TenantContext.None;

    public IDisposable BeginScope(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Enter(_contexts.GetValue(tenant, static t => TenantContext.For(t)));
    }

    public IDisposable BeginNoTenantScope() => Enter(TenantContext.None);

    public IDisposable BeginCrossTenantScope(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var outer = Current;
        // Stamped here, with this flow's time, actor and trace, and written in the background (see AuditBackgroundWriter).
        // A success is never aggregated, so there is always a draft; a name the log refuses refuses the scope.
        var opened = auditStamp.Draft(new AuditEntry(AuditActions.CrossTenantScopeOpened, outer.TenantId) { TargetType = "cross-tenant-scope", TargetId = name })!;
        auditWriter.Enqueue(opened);

        LogCrossTenantScopeOpened(_logger, name, outer);
        return Enter(TenantContext.CrossTenant(name));
    }

    public IDisposable BeginSubtreeScope(TenantSubtree subtree, string name)
    {
        ArgumentNullException.ThrowIfNull(subtree);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // In the root's chain: the record belongs with the data it opened, whatever tenant the caller came from.
        var opened = auditStamp.Draft(new AuditEntry(AuditActions.SubtreeScopeOpened, subtree.Root.Id)
        {
            TargetType = "subtree-scope",
            TargetId = name,
            Detail = new Dictionary<string, string> { ["tenants"] = subtree.TenantIds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        })!;
        auditWriter.Enqueue(opened);

        LogSubtreeScopeOpened(_logger, name, subtree.Root.Slug, subtree.TenantIds.Count, Current);
        return Enter(TenantContext.ForSubtree(subtree, name));
    }

    // The frame is also the scope handed back: one object per scope, as a request opens one.
    private Frame Enter(TenantContext context)
    {
        var frame = new Frame(this, context, _current.Value);
        _current.Value = frame;
        return frame;
    }

    // The frame is this flow's innermost scope: the usual case. An enclosing frame: inner scopes are still
    // open, so they are closed with it and the caller hears about it. Not in this flow's chain: the scope
    // already ended with the async method that opened it, and there is nothing left to restore here.
    private void Exit(Frame frame)
    {
        var top = _current.Value;
        if (ReferenceEquals(top, frame))
        {
            _current.Value = frame.Parent;
            return;
        }

        var open = 0;
        for (var inner = top; inner is not null; inner = inner.Parent)
        {
            if (ReferenceEquals(inner, frame))
            {
                for (var closing = top; !ReferenceEquals(closing, frame); closing = closing!.Parent)
                {
                    closing!.Closed = true;
                }

                _current.Value = frame.Parent;
                throw new TenantScopeOrderException(
                    $"A tenant scope ({frame.Context}) was disposed while {open} scope(s) opened inside it were still open (innermost: {top!.Context}). "
                    + "They were closed with it and the context from before it is restored; dispose scopes in the reverse order they were opened, with using blocks.");
            }

            open++;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Cross-tenant scope '{ScopeName}' opened (outer context: {OuterContext}).")]
    private static partial void LogCrossTenantScopeOpened(ILogger logger, string scopeName, TenantContext outerContext);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Read-only subtree scope '{ScopeName}' opened over {RootSlug} and its descendants ({TenantCount} tenants; outer context: {OuterContext}).")]
    private static partial void LogSubtreeScopeOpened(ILogger logger, string scopeName, string rootSlug, int tenantCount, TenantContext outerContext);

    private sealed class Frame(AsyncLocalTenancy owner, TenantContext context, Frame? parent) : IDisposable
    {
        public TenantContext Context { get; } = context;

        public Frame? Parent { get; } = parent;

        /// <summary>Set when the scope was disposed, or when an enclosing scope closed it; disposing it then has nothing to do.</summary>
        public bool Closed { get; set; }

        public void Dispose()
        {
            if (!Closed)
            {
                Closed = true;
                owner.Exit(this);
            }
        }
    }
}
