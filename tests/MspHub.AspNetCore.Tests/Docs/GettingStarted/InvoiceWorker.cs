// docs: getting-started.md#run-work-inside-a-tenant
// InvoiceWorker.cs
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MspHub;

// end docs
namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

// docs: getting-started.md#run-work-inside-a-tenant
public sealed partial class InvoiceWorker(
    Channel<InvoiceMessage> queue,
    ITenantResolver<InvoiceMessage> resolver,
    ITenancy tenancy,
    ILogger<InvoiceWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var resolution = await resolver.ResolveAsync(message, stoppingToken);
            if (resolution.Tenant is not { Status: TenantStatus.Active } tenant)
            {
                LogDropped(logger, message.InvoiceId, resolution.Outcome, resolution.StrategyName, resolution.Identifier);
                continue;
            }

            using (tenancy.BeginScope(tenant))
            {
                await HandleAsync(message, stoppingToken);
            }
        }
    }

    private async Task HandleAsync(InvoiceMessage message, CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken); // stands in for real work
        LogHandled(logger, message.InvoiceId, tenancy.Current);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Dropping invoice {InvoiceId}: {Outcome} (strategy {Strategy}, identifier '{Identifier}').")]
    private static partial void LogDropped(
        ILogger logger, Guid invoiceId, TenantResolutionOutcome outcome, string? strategy, TenantIdentifier identifier);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Invoice {InvoiceId} handled in {Context}.")]
    private static partial void LogHandled(ILogger logger, Guid invoiceId, TenantContext context);
}
// end docs
