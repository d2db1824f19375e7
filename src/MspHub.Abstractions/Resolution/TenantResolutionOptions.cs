namespace MspHub;

/// <summary>The ordered strategies for resolving a <typeparamref name="TRequest"/>; filled by <see cref="TenantResolutionBuilder{TRequest}"/>.</summary>
/// <typeparam name="TRequest">The request type the strategies read.</typeparam>
public sealed class TenantResolutionOptions<TRequest>
{
    /// <summary>The strategies, in the order they are tried.</summary>
    public IList<ITenantResolutionStrategy<TRequest>> Strategies { get; } = [];
}
