// docs: getting-started.md#work-across-tenants reports
using Microsoft.Extensions.DependencyInjection;
using MspHub;

// end docs
namespace MspHub.AspNetCore.Tests.Docs.GettingStarted;

// docs: getting-started.md#work-across-tenants reports
public sealed class MonthlyReports(ITenancy tenancy, IServiceScopeFactory scopes)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ITenantStore>();
        var query = new TenantQuery { Status = TenantStatus.Active, PageSize = TenantQuery.MaxPageSize };

        for (var page = 1; ; page++)
        {
            var result = await store.ListAsync(query with { Page = page }, cancellationToken);
            foreach (var tenant in result.Items)
            {
                using (tenancy.BeginScope(tenant))
                {
                    await SendReportAsync(cancellationToken);
                }
            }

            if (page >= result.TotalPages)
            {
                break;
            }
        }
    }

    private static Task SendReportAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
// end docs
