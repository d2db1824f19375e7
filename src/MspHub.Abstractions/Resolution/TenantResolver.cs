using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="ITenantResolver{TRequest}"/>. A singleton: a warm look-up reads the shared
/// <see cref="TenantCache"/> directly; only a miss opens a service scope to ask the registered store.
/// </summary>
internal sealed partial class TenantResolver<TRequest>(
    IOptions<TenantResolutionOptions<TRequest>> options,
    TenantCache cache,
    IServiceScopeFactory scopeFactory,
    ILogger<TenantResolver<TRequest>>? logger = null) : ITenantResolver<TRequest>
{
    private readonly ILogger _logger = logger ?? NullLogger<TenantResolver<TRequest>>.Instance;
    private readonly ITenantResolutionStrategy<TRequest>[] _strategies = [.. options.Value.Strategies];

    public async ValueTask<TenantResolution> ResolveAsync(TRequest request, CancellationToken cancellationToken = default)
    {
        foreach (var strategy in _strategies)
        {
            var identifier = await strategy.GetIdentifierAsync(request, cancellationToken).ConfigureAwait(false);
            if (identifier.IsEmpty)
            {
                continue;
            }

            var tenant = await FindAsync(identifier, cancellationToken).ConfigureAwait(false);
            var outcome = tenant is null ? TenantResolutionOutcome.NotFound : TenantResolutionOutcome.Resolved;
            Record(outcome, strategy.Name, identifier);
            return new TenantResolution(outcome, tenant, strategy.Name, identifier);
        }

        Record(TenantResolutionOutcome.NoIdentifier, null, TenantIdentifier.None);
        return default;
    }

    private ValueTask<Tenant?> FindAsync(TenantIdentifier identifier, CancellationToken cancellationToken)
    {
        var text = identifier.Value.Span;
        if (Guid.TryParse(text, out var id))
        {
            return cache.TryGet(id, out var byId) ? new(byId) : LoadAsync(identifier, id, cancellationToken);
        }

        if (!TenantSlug.CouldMatch(text))
        {
            return new((Tenant?)null);
        }

        return cache.TryGet(text, out var bySlug) ? new(bySlug) : LoadAsync(identifier, Guid.Empty, cancellationToken);
    }

    private async ValueTask<Tenant?> LoadAsync(TenantIdentifier identifier, Guid id, CancellationToken cancellationToken)
    {
        using var activity = MspHubDiagnostics.ActivitySource.StartActivity(MspHubDiagnostics.ResolveTenantActivity, ActivityKind.Internal);
        activity?.SetTag("msphub.tenant.identifier", identifier.ToString());
        var scope = scopeFactory.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var store = scope.ServiceProvider.GetRequiredService<ITenantStore>();
            return id != Guid.Empty
                ? await store.FindByIdAsync(id, cancellationToken).ConfigureAwait(false)
                : await store.FindBySlugAsync(identifier.ToString(), cancellationToken).ConfigureAwait(false);
        }
    }

    private void Record(TenantResolutionOutcome outcome, string? strategy, TenantIdentifier identifier)
    {
        var outcomeTag = outcome switch
        {
            TenantResolutionOutcome.Resolved => "resolved",
            TenantResolutionOutcome.NotFound => "not_found",
            _ => "no_identifier",
        };
        MspHubDiagnostics.TenantResolutions.Add(1, new("outcome", outcomeTag), new("strategy", strategy));
        LogResolution(_logger, outcome, strategy, identifier);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Tenant resolution: {Outcome} (strategy {Strategy}, identifier '{Identifier}').")]
    private static partial void LogResolution(ILogger logger, TenantResolutionOutcome outcome, string? strategy, TenantIdentifier identifier);
}
