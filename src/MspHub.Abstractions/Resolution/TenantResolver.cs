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
    MspHubTelemetry telemetry,
    ILogger<TenantResolver<TRequest>>? logger = null) : ITenantResolver<TRequest>
{
    private readonly ILogger _logger = logger ?? NullLogger<TenantResolver<TRequest>>.Instance;
    private readonly ITenantResolutionStrategy<TRequest>[] _strategies = [.. options.Value.Strategies];

    // The warm path completes synchronously, so it runs without an async state machine; the first step
    // that has to wait hands over to ResolveSlowAsync, which picks up from that strategy.
    public ValueTask<TenantResolution> ResolveAsync(TRequest request, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < _strategies.Length; i++)
        {
            var pendingIdentifier = _strategies[i].GetIdentifierAsync(request, cancellationToken);
            if (!pendingIdentifier.IsCompletedSuccessfully)
            {
                return ResolveSlowAsync(request, i, pendingIdentifier, cancellationToken);
            }

            var identifier = pendingIdentifier.Result;
            if (identifier.IsEmpty)
            {
                continue;
            }

            var pendingTenant = FindAsync(identifier, cancellationToken);
            return pendingTenant.IsCompletedSuccessfully
                ? new(Complete(_strategies[i].Name, identifier, pendingTenant.Result))
                : CompleteSlowAsync(_strategies[i].Name, identifier, pendingTenant);
        }

        return new(Complete(null, TenantIdentifier.None, null));
    }

    private async ValueTask<TenantResolution> ResolveSlowAsync(
        TRequest request, int index, ValueTask<TenantIdentifier> pendingIdentifier, CancellationToken cancellationToken)
    {
        for (var i = index; i < _strategies.Length; i++)
        {
            var identifier = i == index
                ? await pendingIdentifier.ConfigureAwait(false)
                : await _strategies[i].GetIdentifierAsync(request, cancellationToken).ConfigureAwait(false);
            if (!identifier.IsEmpty)
            {
                return Complete(_strategies[i].Name, identifier, await FindAsync(identifier, cancellationToken).ConfigureAwait(false));
            }
        }

        return Complete(null, TenantIdentifier.None, null);
    }

    private async ValueTask<TenantResolution> CompleteSlowAsync(string strategy, TenantIdentifier identifier, ValueTask<Tenant?> pendingTenant) =>
        Complete(strategy, identifier, await pendingTenant.ConfigureAwait(false));

    private TenantResolution Complete(string? strategy, TenantIdentifier identifier, Tenant? tenant)
    {
        var outcome = strategy is null ? TenantResolutionOutcome.NoIdentifier
            : tenant is null ? TenantResolutionOutcome.NotFound
            : TenantResolutionOutcome.Resolved;
        telemetry.TenantResolved(OutcomeTag(outcome), strategy, tenant);
        LogResolution(_logger, outcome, strategy, identifier);
        return new TenantResolution(outcome, tenant, strategy, identifier);
    }

    // Cache first: a malformed or reserved identifier can never be cached, so the shape check is only
    // paid on a miss, before the store is asked. A miss is counted by the caching store, which looks again.
    private ValueTask<Tenant?> FindAsync(TenantIdentifier identifier, CancellationToken cancellationToken)
    {
        var text = identifier.Value.Span;
        if (IdText.TryParse(text, out var id))
        {
            return cache.TryGet(id, out var byId, countMiss: false) ? new(byId) : LoadAsync(identifier, id, cancellationToken);
        }

        if (cache.TryGet(text, out var bySlug, countMiss: false))
        {
            return new(bySlug);
        }

        return TenantSlug.CouldMatch(text) ? LoadAsync(identifier, Guid.Empty, cancellationToken) : new((Tenant?)null);
    }

    private async ValueTask<Tenant?> LoadAsync(TenantIdentifier identifier, Guid id, CancellationToken cancellationToken)
    {
        using var activity = MspHubTelemetry.Source.StartActivity(MspHubDiagnostics.ResolveTenantActivity, ActivityKind.Internal);
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

    private static string OutcomeTag(TenantResolutionOutcome outcome) => outcome switch
    {
        TenantResolutionOutcome.Resolved => "resolved",
        TenantResolutionOutcome.NotFound => "not_found",
        _ => "no_identifier",
    };

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Tenant resolution: {Outcome} (strategy {Strategy}, identifier '{Identifier}').")]
    private static partial void LogResolution(ILogger logger, TenantResolutionOutcome outcome, string? strategy, TenantIdentifier identifier);
}
