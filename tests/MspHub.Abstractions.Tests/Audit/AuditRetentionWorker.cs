using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.Abstractions.Tests.Audit;

// docs: audit.md#retention
public sealed class AuditRetentionWorker(IServiceScopeFactory scopes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6));
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditRetention>().ApplyAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
// end docs
