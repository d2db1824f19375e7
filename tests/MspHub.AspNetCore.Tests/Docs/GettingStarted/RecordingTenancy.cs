using System.Collections.Concurrent;

namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

/// <summary>The real <see cref="ITenancy"/>, noting each tenant a scope is opened for, so a test sees what documented code did.</summary>
public sealed class RecordingTenancy(ITenancy inner) : ITenancy
{
    public ConcurrentQueue<string> ScopesOpened { get; } = new();

    public TenantContext Current => inner.Current;

    public IDisposable BeginScope(Tenant tenant)
    {
        ScopesOpened.Enqueue(tenant.Slug);
        return inner.BeginScope(tenant);
    }

    public IDisposable BeginNoTenantScope() => inner.BeginNoTenantScope();

    public IDisposable BeginCrossTenantScope(string name) => inner.BeginCrossTenantScope(name);

    public IDisposable BeginSubtreeScope(TenantSubtree subtree, string name) => inner.BeginSubtreeScope(subtree, name);
}
