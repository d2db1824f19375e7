using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework.Tests;

/// <summary>One creator, as a host's endpoint would do it: count toward a quota and insert the item in one transaction.</summary>
public static class QuotaCreation
{
    /// <summary>Counts one toward <paramref name="quota"/> for <paramref name="tenant"/> and saves what <paramref name="add"/> adds; false when the quota refuses.</summary>
    public static async Task<bool> CreateAsync<TContext>(IServiceProvider services, Tenant tenant, string quota, Action<TContext> add)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        using (scope.ServiceProvider.GetRequiredService<ITenancy>().BeginScope(tenant))
        {
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            try
            {
                await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().ConsumeAsync(quota);
            }
            catch (QuotaExceededException)
            {
                return false;
            }

            add(db);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return true;
        }
    }
}
