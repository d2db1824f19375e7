namespace MspHub;

/// <summary>
/// Orders the strategies that resolve a <typeparamref name="TRequest"/>. Strategies are tried in the
/// order they are added. Packages add their own strategies as extension methods on this type
/// (MspHub.AspNetCore adds HTTP ones).
/// </summary>
/// <typeparam name="TRequest">The request type the strategies read.</typeparam>
public sealed class TenantResolutionBuilder<TRequest>
{
    internal TenantResolutionBuilder(MspHubBuilder hub) => Hub = hub;

    /// <summary>The hub being configured, for extensions that also register services.</summary>
    public MspHubBuilder Hub { get; }

    internal List<ITenantResolutionStrategy<TRequest>> Strategies { get; } = [];

    /// <summary>Adds <paramref name="strategy"/> after those already added.</summary>
    public TenantResolutionBuilder<TRequest> Add(ITenantResolutionStrategy<TRequest> strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Strategies.Add(strategy);
        return this;
    }

    /// <summary>Adds a strategy that reads the identifier with <paramref name="getIdentifier"/>.</summary>
    /// <param name="name">The strategy's name in results, metrics and logs.</param>
    /// <param name="getIdentifier">Returns the tenant id or slug in a request, or <see langword="null"/>.</param>
    public TenantResolutionBuilder<TRequest> Add(string name, Func<TRequest, string?> getIdentifier) =>
        Add(new DelegateTenantResolutionStrategy<TRequest>(name, getIdentifier));
}
