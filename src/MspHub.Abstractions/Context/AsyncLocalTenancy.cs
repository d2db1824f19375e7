using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub;

/// <summary>
/// <see cref="ITenancy"/> over an instance-level <see cref="AsyncLocal{T}"/>, so two hosts in one process
/// (as in tests) never share a tenant.
/// </summary>
internal sealed partial class AsyncLocalTenancy(
    IEnumerable<IAuditHook> auditHooks,
    TimeProvider timeProvider,
    ILogger<AsyncLocalTenancy>? logger = null) : ITenancy
{
    private readonly ILogger _logger = logger ?? NullLogger<AsyncLocalTenancy>.Instance;
    private readonly AsyncLocal<TenantContext?> _current = new();
    private readonly IAuditHook[] _auditHooks = [.. auditHooks];

    public TenantContext Current => _current.Value ?? TenantContext.None;

    public IDisposable BeginScope(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Enter(TenantContext.For(tenant));
    }

    public IDisposable BeginNoTenantScope() => Enter(TenantContext.None);

    public IDisposable BeginCrossTenantScope(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var outer = Current;
        var auditEvent = new AuditEvent(AuditActions.CrossTenantScopeOpened, timeProvider.GetUtcNow(), outer.TenantId, name);
        foreach (var hook in _auditHooks)
        {
            hook.Record(auditEvent);
        }

        LogCrossTenantScopeOpened(_logger, name, outer);
        return Enter(TenantContext.CrossTenant(name));
    }

    private Scope Enter(TenantContext context)
    {
        var scope = new Scope(this, _current.Value);
        _current.Value = context;
        return scope;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Cross-tenant scope '{ScopeName}' opened (outer context: {OuterContext}).")]
    private static partial void LogCrossTenantScopeOpened(ILogger logger, string scopeName, TenantContext outerContext);

    private sealed class Scope(AsyncLocalTenancy owner, TenantContext? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner._current.Value = previous;
            }
        }
    }
}
