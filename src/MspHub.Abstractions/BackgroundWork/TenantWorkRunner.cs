using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub;

/// <summary>
/// The default <see cref="ITenantWorkRunner"/>. The tenant is found through the registered store (its cache first), and
/// its status is read from the store itself, as the request pipeline's entry check does, so work never runs in a tenant
/// another node has just suspended or started deleting.
/// </summary>
internal sealed partial class TenantWorkRunner(
    IServiceProvider services,
    IServiceScopeFactory scopes,
    ITenancy tenancy,
    ILogger<TenantWorkRunner>? logger = null) : ITenantWorkRunner
{
    private readonly ILogger _logger = logger ?? NullLogger<TenantWorkRunner>.Instance;

    public Task<TenantWorkResult> RunAsync(Guid tenantId, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunCoreAsync(tenantId, work, cancellationToken);
    }

    public async Task<TenantWorkResult> RunAsync<TMessage>(
        TMessage message, Func<TMessage, IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(work);
        var resolver = services.GetService<ITenantResolver<TMessage>>()
            ?? throw new InvalidOperationException(
                $"No tenant resolver is registered for {typeof(TMessage).Name}. Call hub.ResolveTenantFrom<{typeof(TMessage).Name}>(...) inside AddMspHub(...).");
        var resolution = await resolver.ResolveAsync(message, cancellationToken).ConfigureAwait(false);
        switch (resolution.Outcome)
        {
            case TenantResolutionOutcome.NoIdentifier:
                LogMessageNotRun(_logger, typeof(TMessage), TenantWorkOutcome.NoTenant, resolution.Identifier);
                return new(TenantWorkOutcome.NoTenant, null);
            case TenantResolutionOutcome.NotFound:
                LogMessageNotRun(_logger, typeof(TMessage), TenantWorkOutcome.NotFound, resolution.Identifier);
                return new(TenantWorkOutcome.NotFound, null);
            default:
                return await RunCoreAsync(resolution.Tenant!.Id, (services, token) => work(message, services, token), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TenantWorkResult> RunCoreAsync(Guid tenantId, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var store = scope.ServiceProvider.GetRequiredService<ITenantStore>();
            var tenant = tenantId == Guid.Empty ? null : await store.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false);
            var status = tenant is null ? null : await store.FindStatusAsync(tenantId, cancellationToken).ConfigureAwait(false);
            var outcome = status switch
            {
                TenantStatus.Active => TenantWorkOutcome.Completed,
                TenantStatus.Suspended => TenantWorkOutcome.Suspended,
                _ => TenantWorkOutcome.NotFound,
            };
            if (outcome != TenantWorkOutcome.Completed)
            {
                LogNotRun(_logger, outcome, tenantId);
                return new(outcome, outcome == TenantWorkOutcome.NotFound ? null : tenant);
            }

            // Opened here, in the method that awaits the work, so the tenant is ambient for all of it and for nothing after.
            using (tenancy.BeginScope(tenant!))
            {
                await work(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            }

            return new(TenantWorkOutcome.Completed, tenant);
        }
    }

    [LoggerMessage(EventId = 170, Level = LogLevel.Information, Message = "Tenant work not run: {Outcome} (tenant {TenantId}).")]
    private static partial void LogNotRun(ILogger logger, TenantWorkOutcome outcome, Guid tenantId);

    [LoggerMessage(EventId = 171, Level = LogLevel.Information, Message = "Tenant work for a message of type {MessageType} not run: {Outcome} (identifier '{Identifier}').")]
    private static partial void LogMessageNotRun(ILogger logger, Type messageType, TenantWorkOutcome outcome, TenantIdentifier identifier);
}
