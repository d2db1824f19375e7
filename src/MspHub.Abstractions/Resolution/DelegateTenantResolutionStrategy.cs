namespace MspHub;

/// <summary>A strategy backed by a function, for request types MspHub has no built-in strategy for.</summary>
/// <typeparam name="TRequest">What the function reads.</typeparam>
/// <param name="name">The strategy's name in results, metrics and logs.</param>
/// <param name="getIdentifier">Returns the tenant id or slug in a request, or <see langword="null"/>.</param>
public sealed class DelegateTenantResolutionStrategy<TRequest>(string name, Func<TRequest, string?> getIdentifier)
    : ITenantResolutionStrategy<TRequest>
{
    private readonly Func<TRequest, string?> _getIdentifier = getIdentifier ?? throw new ArgumentNullException(nameof(getIdentifier));

    /// <inheritdoc />
    public string Name { get; } = string.IsNullOrWhiteSpace(name)
        ? throw new ArgumentException("A strategy name is required.", nameof(name))
        : name;

    /// <inheritdoc />
    public ValueTask<TenantIdentifier> GetIdentifierAsync(TRequest request, CancellationToken cancellationToken) =>
        new(new TenantIdentifier(_getIdentifier(request)));
}
