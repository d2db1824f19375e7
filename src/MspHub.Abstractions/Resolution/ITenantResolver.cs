namespace MspHub;

/// <summary>
/// Runs the strategies configured for <typeparamref name="TRequest"/> in order. The first strategy that
/// finds an identifier decides: if that identifier names no tenant the result is
/// <see cref="TenantResolutionOutcome.NotFound"/>, and later strategies are not consulted, so a weaker
/// strategy (a header) can never override a stronger one (a token claim) that named a bad tenant.
/// </summary>
/// <typeparam name="TRequest">The request type the strategies read.</typeparam>
public interface ITenantResolver<in TRequest>
{
    /// <summary>Resolves the tenant <paramref name="request"/> names.</summary>
    ValueTask<TenantResolution> ResolveAsync(TRequest request, CancellationToken cancellationToken = default);
}
