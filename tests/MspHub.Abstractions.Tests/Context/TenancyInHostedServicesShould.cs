using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.Abstractions.Tests.Context;

public class TenancyInHostedServicesShould
{
    [Fact]
    public async Task Give_each_job_of_a_background_service_its_own_tenant()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMspHub(hub => hub
            .AddInMemoryTenantStore(Tenant.Create("contoso", "Contoso"), Tenant.Create("fabrikam", "Fabrikam"))
            .ResolveTenantFrom<Job>(r => r.Add("job", j => j.Tenant)));
        builder.Services.AddSingleton(Channel.CreateUnbounded<Job>());
        builder.Services.AddSingleton<ConcurrentQueue<string>>();
        builder.Services.AddHostedService<JobWorker>();
        using var host = builder.Build();
        var jobs = host.Services.GetRequiredService<Channel<Job>>();
        var seen = host.Services.GetRequiredService<ConcurrentQueue<string>>();

        await host.StartAsync();
        foreach (var tenant in new[] { "contoso", "FABRIKAM", "nobody", "contoso" })
        {
            await jobs.Writer.WriteAsync(new Job(tenant));
        }

        jobs.Writer.Complete();
        await host.Services.GetServices<IHostedService>().OfType<JobWorker>().Single().ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.Equal(["contoso", "fabrikam", "no tenant", "contoso"], seen);
    }

    private sealed record Job(string Tenant);

    private sealed class JobWorker(
        Channel<Job> jobs, ITenantResolver<Job> resolver, ITenancy tenancy, ConcurrentQueue<string> seen) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await foreach (var job in jobs.Reader.ReadAllAsync(stoppingToken))
            {
                var resolution = await resolver.ResolveAsync(job, stoppingToken);
                using (resolution.Tenant is { } tenant ? tenancy.BeginScope(tenant) : tenancy.BeginNoTenantScope())
                {
                    await Task.Yield();
                    seen.Enqueue(tenancy.Current.Tenant?.Slug ?? "no tenant");
                }
            }
        }
    }
}
