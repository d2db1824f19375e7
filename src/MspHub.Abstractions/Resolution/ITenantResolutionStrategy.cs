namespace MspHub;

/// <summary>
/// One way of finding a tenant identifier (an id or a slug) in a request of type
/// <typeparamref name="TRequest"/>: an HTTP request, a queue message, a job's arguments.
/// </summary>
/// <typeparam name="TRequest">What the strategy reads; MspHub.AspNetCore uses <c>HttpContext</c>.</typeparam>
public interface ITenantResolutionStrategy<in TRequest>
{
    /// <summary>A short, unique name, reported in resolution results, metrics and logs.</summary>
    string Name { get; }

    /// <summary>Returns the identifier this strategy finds in <paramref name="request"/>, or <see cref="TenantIdentifier.None"/>.</summary>
    /// <remarks>Complete synchronously where possible: a synchronous result keeps resolution allocation-free.</remarks>
    ValueTask<TenantIdentifier> GetIdentifierAsync(TRequest request, CancellationToken cancellationToken);
}
