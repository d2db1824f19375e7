using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>The host's tenant store, noting every tenant whose status is read: to prove which decisions read none.</summary>
internal sealed class StatusReadingTenantStore(ITenantStore inner, ConcurrentQueue<Guid> reads) : ITenantStore
{
    /// <summary>Wraps the <see cref="ITenantStore"/> registered last in <paramref name="services"/>, keeping its lifetime.</summary>
    public static void Wrap(IServiceCollection services, ConcurrentQueue<Guid> reads)
    {
        var original = services.Last(d => d.ServiceType == typeof(ITenantStore));
        services.Add(ServiceDescriptor.Describe(
            typeof(ITenantStore),
            sp => new StatusReadingTenantStore(
                (ITenantStore)(original.ImplementationInstance ?? original.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)),
                reads),
            original.Lifetime));
    }

    public ValueTask<TenantStatus?> FindStatusAsync(Guid id, CancellationToken cancellationToken = default)
    {
        reads.Enqueue(id);
        return inner.FindStatusAsync(id, cancellationToken);
    }

    public ValueTask<Tenant?> FindByIdAsync(Guid id, CancellationToken cancellationToken = default) => inner.FindByIdAsync(id, cancellationToken);

    public ValueTask<Tenant?> FindBySlugAsync(string slug, CancellationToken cancellationToken = default) => inner.FindBySlugAsync(slug, cancellationToken);

    public Task<PagedResult<Tenant>> ListAsync(TenantQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<TenantNode>> ListTreeAsync(CancellationToken cancellationToken = default) => inner.ListTreeAsync(cancellationToken);

    public Task<TenantCount> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task AddAsync(Tenant tenant, CancellationToken cancellationToken = default) => inner.AddAsync(tenant, cancellationToken);

    public Task<Tenant> UpdateAsync(Guid id, Func<Tenant, Tenant> change, CancellationToken cancellationToken = default) => inner.UpdateAsync(id, change, cancellationToken);

    public Task<IReadOnlyList<Guid>> DesignateAdminTenancyAsync(Guid id, CancellationToken cancellationToken = default) => inner.DesignateAdminTenancyAsync(id, cancellationToken);

    public Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken = default) => inner.RemoveAsync(id, cancellationToken);
}
