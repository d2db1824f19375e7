using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.Tests.Model;

namespace MspHub.Tests.Transfer;

/// <summary>Moving rows between tenants and merging tenants on a real database: dependents travel along, quotas hold, failures move nothing.</summary>
public abstract class TenantDataTransferSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private ITenantDataTransfer Transfer => Scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();

    private async Task SetLimitAsync(Tenant tenant, long limit) =>
        await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(tenant.Id, "automs", limit);

    private async Task<List<(string Name, int Steps)>> AutomsAsync(Tenant tenant)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            return [.. (await db.Automs.Include(a => a.Steps).OrderBy(a => a.Name).ToListAsync()).Select(a => (a.Name, a.Steps.Count))];
        }
    }

    [DatabaseFact]
    public async Task Move_selected_rows_with_their_dependents_and_count_them_against_the_target()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot", "upload");
        await Hub.AddAutomAsync(Hub.A, "patching", "scan");
        await SetLimitAsync(Hub.B, 5);

        var report = await Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "backup");

        Assert.Equal(1, report.RowsMoved.Single(r => r.Key.EndsWith("automs", StringComparison.Ordinal)).Value);
        Assert.Equal(2, report.RowsMoved.Single(r => r.Key.EndsWith("autom_steps", StringComparison.Ordinal)).Value);
        Assert.Equal([("patching", 1)], await AutomsAsync(Hub.A));
        Assert.Equal([("backup", 2)], await AutomsAsync(Hub.B));
        Assert.Equal(1, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(Hub.B.Id, "automs")).Used);
        Assert.Contains(Hub.Audit.Events, e => e.Action == AuditActions.TenantDataMoved && e.TenantId == Hub.B.Id);
    }

    [DatabaseFact]
    public async Task Move_nothing_when_the_target_has_no_room()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await SetLimitAsync(Hub.B, 0);

        await Assert.ThrowsAsync<QuotaExceededException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => true));

        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        Assert.Empty(await AutomsAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Move_nothing_when_a_value_that_is_unique_per_tenant_clashes_in_the_target()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await Hub.AddAutomAsync(Hub.B, "backup");
        await SetLimitAsync(Hub.B, 5);

        var error = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "backup"));

        Assert.Contains("automs", error.Message, StringComparison.Ordinal);
        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        Assert.Equal([("backup", 0)], await AutomsAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Refuse_a_move_within_one_tenant_or_to_a_missing_one()
    {
        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.A.Id, a => true));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Guid.CreateVersion7(), a => true));
    }

    [DatabaseFact]
    public async Task Merge_every_row_and_member_into_the_target_then_delete_the_source()
    {
        await Hub.AddAutomAsync(Hub.A, "a-job");
        await Hub.AddAutomAsync(Hub.B, "b-job", "step");
        await SetLimitAsync(Hub.A, 5);
        var member = HubUser.Create("b-member");
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(member);
        await access.SaveMembershipAsync(new Membership { UserId = member.Id, TenantId = Hub.B.Id, IsPrimary = true });

        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-a"));
        var report = await Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b");

        Assert.Equal([("a-job", 0), ("b-job", 1)], await AutomsAsync(Hub.A));
        Assert.Equal(1, report.RowsMoved["memberships"]);
        using var fresh = Hub.Services.CreateScope();
        Assert.Null(await fresh.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(Hub.B.Id));
        Assert.NotNull(await fresh.ServiceProvider.GetRequiredService<IAccessStore>().FindMembershipAsync(member.Id, Hub.A.Id));
        Assert.Equal(1, (await fresh.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(Hub.A.Id, "automs")).Used);
    }
}

public sealed class SqliteTenantDataTransferShould() : TenantDataTransferSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantDataTransferShould() : TenantDataTransferSuite(DatabaseProvider.Postgres);
