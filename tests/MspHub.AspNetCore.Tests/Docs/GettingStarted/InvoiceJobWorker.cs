// docs: getting-started.md#let-msphub-open-the-scopes
// InvoiceJobWorker.cs
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MspHub;

// end docs
namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

// docs: getting-started.md#let-msphub-open-the-scopes
public sealed partial class InvoiceJobWorker(
    Channel<InvoiceMessage> queue,
    ITenantWorkRunner runner,
    ITenancy tenancy,
    ILogger<InvoiceJobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var result = await runner.RunAsync(message, HandleAsync, stoppingToken);
            if (!result.Completed)
            {
                LogNotHandled(logger, message.InvoiceId, result.Outcome); // NoTenant, NotFound or Suspended
            }
        }
    }

    // Runs inside the message's tenant, with services from a scope of its own (a DbContext here is this job's).
    private async Task HandleAsync(InvoiceMessage message, IServiceProvider services, CancellationToken cancellationToken)
    {
        await Task.Delay(10, cancellationToken); // stands in for real work
        LogHandled(logger, message.InvoiceId, tenancy.Current);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Invoice {InvoiceId} not handled: {Outcome}.")]
    private static partial void LogNotHandled(ILogger logger, Guid invoiceId, TenantWorkOutcome outcome);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Invoice {InvoiceId} handled in {Context}.")]
    private static partial void LogHandled(ILogger logger, Guid invoiceId, TenantContext context);
}
// end docs
