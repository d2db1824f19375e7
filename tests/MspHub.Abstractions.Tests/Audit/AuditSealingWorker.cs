using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.Abstractions.Tests.Audit;

// docs: audit.md#sealing-quiet-chains
public sealed class AuditSealingWorker(IServiceScopeFactory scopes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10));
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditSealer>().SealQuietChainsAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
// end docs
